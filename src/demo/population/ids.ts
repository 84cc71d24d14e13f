// Deterministic UUIDv7 values for generated rows: the same seed gives the same ids, and the
// ids still ascend in creation order like real UUIDv7 ones, so index behaviour in the
// benchmark matches production.
import { Random } from './random.ts';

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export class IdFactory {
  private readonly random: Random;
  private counter = 0;

  /**
   * @param startMs the timestamp of the first id; each id takes the next millisecond, which
   *   keeps them unique and ordered without a sequence field.
   */
  constructor(seed: number | string, private readonly startMs: number) {
    this.random = new Random(seed);
  }

  next(): string {
    const ms = this.startMs + this.counter;
    this.counter += 1;
    return uuidV7At(ms, this.random);
  }
}

/**
 * A UUIDv7 carrying the given time, its random bits from `random`: what a phone makes when
 * a volunteer saves a visit (the id's time is when it was made, not when it reached us).
 */
export function uuidV7At(ms: number, random: Random): string {
  const bytes = new Uint8Array(16);
  // 48-bit big-endian Unix milliseconds (RFC 9562 §5.7).
  const high = Math.floor(ms / 2 ** 32);
  const low = ms >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = (low >>> 24) & 0xff;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  const r1 = random.uint32();
  const r2 = random.uint32();
  const r3 = random.uint32();
  bytes[6] = 0x70 | ((r1 >>> 24) & 0x0f); // version 7
  bytes[7] = (r1 >>> 16) & 0xff;
  bytes[8] = 0x80 | ((r1 >>> 8) & 0x3f); // RFC 9562 variant
  bytes[9] = r1 & 0xff;
  for (let i = 0; i < 4; i += 1) {
    bytes[10 + i] = (r2 >>> (24 - 8 * i)) & 0xff;
  }
  bytes[14] = (r3 >>> 8) & 0xff;
  bytes[15] = r3 & 0xff;
  return format(bytes);
}

function format(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < 16; i += 1) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text += '-';
    text += HEX[bytes[i]];
  }
  return text;
}
