// A small seeded pseudo-random generator (sfc32, seeded through splitmix32) so the same seed
// gives the same population on every machine and every Node version; Math.random cannot.

/** 32-bit hash of a list of seed parts: the seed of an independent stream. */
export function hashSeed(...parts: Array<string | number>): number {
  // FNV-1a over the text of the parts, then a splitmix32 finaliser to spread the bits.
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return splitmix32(hash >>> 0);
}

function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export type Weighted<T> = readonly [value: T, weight: number];

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | string) {
    const base = hashSeed(seed);
    this.a = splitmix32(base);
    this.b = splitmix32(base + 1);
    this.c = splitmix32(base + 2);
    this.d = 1;
    // The first outputs of sfc32 still echo the seed; the reference implementation skips 12.
    for (let i = 0; i < 12; i += 1) this.uint32();
  }

  /** An independent stream, e.g. one per village, so adding a village elsewhere changes nothing here. */
  fork(label: string | number): Random {
    return new Random(`${this.a}:${this.b}:${this.c}:${label}`);
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(entries: readonly Weighted<T>[]): T {
    let total = 0;
    for (const [, weight] of entries) total += weight;
    let point = this.next() * total;
    for (const [value, weight] of entries) {
      point -= weight;
      if (point < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  /** Roughly normal (sum of three uniforms), clamped: ages and sizes without long tails. */
  around(mean: number, spread: number, min: number, max: number): number {
    const value = mean + (this.next() + this.next() + this.next() - 1.5) * spread;
    return Math.min(max, Math.max(min, Math.round(value)));
  }
}
