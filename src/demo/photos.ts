// Photos the seed makes itself (no files from elsewhere): a small JPEG of a coloured scene —
// a room or a yard, people as simple shapes, a sheet of paper — with a caption in a 5×7 pixel
// font. Deterministic for a seed, so the demo is the same on every machine; tests and the
// bench use them as real JPEGs.
import jpeg from 'jpeg-js';
import { foldVietnamese } from '../shared/vietnamese.ts';
import { Random } from './population/random.ts';

// 5×7 glyphs, a row per string of five bits (1 = ink).
const GLYPHS: Record<string, string[]> = {
  A: ['01110', '10001', '10001', '11111', '10001', '10001', '10001'],
  B: ['11110', '10001', '10001', '11110', '10001', '10001', '11110'],
  C: ['01110', '10001', '10000', '10000', '10000', '10001', '01110'],
  D: ['11110', '10001', '10001', '10001', '10001', '10001', '11110'],
  E: ['11111', '10000', '10000', '11110', '10000', '10000', '11111'],
  F: ['11111', '10000', '10000', '11110', '10000', '10000', '10000'],
  G: ['01110', '10001', '10000', '10111', '10001', '10001', '01111'],
  H: ['10001', '10001', '10001', '11111', '10001', '10001', '10001'],
  I: ['01110', '00100', '00100', '00100', '00100', '00100', '01110'],
  J: ['00111', '00010', '00010', '00010', '00010', '10010', '01100'],
  K: ['10001', '10010', '10100', '11000', '10100', '10010', '10001'],
  L: ['10000', '10000', '10000', '10000', '10000', '10000', '11111'],
  M: ['10001', '11011', '10101', '10101', '10001', '10001', '10001'],
  N: ['10001', '10001', '11001', '10101', '10011', '10001', '10001'],
  O: ['01110', '10001', '10001', '10001', '10001', '10001', '01110'],
  P: ['11110', '10001', '10001', '11110', '10000', '10000', '10000'],
  Q: ['01110', '10001', '10001', '10001', '10101', '10010', '01101'],
  R: ['11110', '10001', '10001', '11110', '10100', '10010', '10001'],
  S: ['01111', '10000', '10000', '01110', '00001', '00001', '11110'],
  T: ['11111', '00100', '00100', '00100', '00100', '00100', '00100'],
  U: ['10001', '10001', '10001', '10001', '10001', '10001', '01110'],
  V: ['10001', '10001', '10001', '10001', '10001', '01010', '00100'],
  W: ['10001', '10001', '10001', '10101', '10101', '10101', '01010'],
  X: ['10001', '10001', '01010', '00100', '01010', '10001', '10001'],
  Y: ['10001', '10001', '01010', '00100', '00100', '00100', '00100'],
  Z: ['11111', '00001', '00010', '00100', '01000', '10000', '11111'],
  0: ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  1: ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  2: ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  3: ['11111', '00010', '00100', '00010', '00001', '10001', '01110'],
  4: ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  5: ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  6: ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  7: ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  8: ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  9: ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
  '/': ['00001', '00010', '00010', '00100', '01000', '01000', '10000'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
  ':': ['00000', '01100', '01100', '00000', '01100', '01100', '00000'],
  '.': ['00000', '00000', '00000', '00000', '00000', '01100', '01100'],
  ',': ['00000', '00000', '00000', '00000', '01100', '00100', '01000'],
  '(': ['00010', '00100', '01000', '01000', '01000', '00100', '00010'],
  ')': ['01000', '00100', '00010', '00010', '00010', '00100', '01000'],
};

type Rgb = [number, number, number];

export interface PhotoSpec {
  /** Fixes every random choice: the same seed makes the same bytes. */
  seed: number | string;
  /** Vietnamese is written without its marks (the font has none): "TAP HUAN 12/02/2026". */
  caption: string;
  /** 'sheet': a sign-in sheet on a table; 'meeting': people in a hall; 'outdoor': a yard. */
  scene?: 'sheet' | 'meeting' | 'outdoor';
  width?: number;
  height?: number;
  quality?: number;
}

class Canvas {
  readonly data: Buffer;
  constructor(readonly width: number, readonly height: number) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }
  rect(x0: number, y0: number, w: number, h: number, [r, g, b]: Rgb) {
    const x1 = Math.min(this.width, Math.round(x0 + w));
    const y1 = Math.min(this.height, Math.round(y0 + h));
    const xs = Math.max(0, Math.round(x0));
    if (x1 <= xs) return;
    const pixel = Buffer.from([r, g, b, 255]);
    for (let y = Math.max(0, Math.round(y0)); y < y1; y++) this.data.fill(pixel, (y * this.width + xs) * 4, (y * this.width + x1) * 4);
  }
  circle(cx: number, cy: number, radius: number, color: Rgb) {
    for (let y = Math.round(cy - radius); y <= cy + radius; y++) {
      const half = Math.sqrt(Math.max(0, radius * radius - (y - cy) * (y - cy)));
      this.rect(cx - half, y, 2 * half, 1, color);
    }
  }
  gradient(top: Rgb, bottom: Rgb, y0 = 0, h = this.height) {
    for (let y = 0; y < h; y++) {
      const t = y / Math.max(1, h - 1);
      this.rect(0, y0 + y, this.width, 1, top.map((c, k) => Math.round(c + (bottom[k] - c) * t)) as Rgb);
    }
  }
  text(x: number, y: number, text: string, scale: number, color: Rgb) {
    let cx = x;
    for (const ch of text) {
      const glyph = GLYPHS[ch] ?? GLYPHS[' '];
      glyph.forEach((row, gy) => [...row].forEach((bit, gx) => { if (bit === '1') this.rect(cx + gx * scale, y + gy * scale, scale, scale, color); }));
      cx += 6 * scale;
    }
  }
}

/** The caption as the font can draw it: no marks, capitals, unknown characters as spaces. */
export function captionText(text: string): string {
  return foldVietnamese(text).toUpperCase().replace(/[^A-Z0-9 /\-:.,()]/g, ' ');
}

/** A JPEG of the scene (≈ 20–60 KB at the default 640×480). */
export function makePhoto(spec: PhotoSpec): Buffer {
  const width = spec.width ?? 640;
  const height = spec.height ?? 480;
  const rng = new Random(`photo:${spec.seed}`);
  const random = () => rng.next();
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const c = new Canvas(width, height);
  const scene = spec.scene ?? 'meeting';
  const skin: Rgb[] = [[224, 182, 150], [205, 160, 125], [236, 196, 164]];
  const shirts: Rgb[] = [[32, 86, 160], [196, 48, 48], [40, 140, 90], [235, 235, 235], [60, 60, 60], [20, 120, 170]];
  if (scene === 'outdoor') {
    c.gradient([150, 200, 240], [210, 230, 250], 0, Math.round(height * 0.55));
    c.gradient([110, 160, 80], [70, 120, 50], Math.round(height * 0.55), height - Math.round(height * 0.55));
    for (let i = 0; i < 4; i++) c.circle(width * (0.1 + 0.25 * i + random() * 0.05), height * 0.5, 30 + random() * 25, [50, 110 + Math.round(random() * 40), 50]);
  } else {
    c.gradient([236, 228, 210], [205, 195, 175], 0, Math.round(height * 0.6));
    c.rect(0, height * 0.6, width, height * 0.4, [150, 110, 75]);
    // A red banner across the back wall, as in every commune hall.
    c.rect(width * 0.12, height * 0.06, width * 0.76, height * 0.12, [178, 34, 34]);
  }
  if (scene === 'sheet') {
    // A sheet of paper on the table, lines of names and a column of signatures.
    const sx = width * 0.18, sy = height * 0.22, sw = width * 0.64, sh = height * 0.7;
    c.rect(sx + 6, sy + 6, sw, sh, [90, 70, 50]);
    c.rect(sx, sy, sw, sh, [250, 250, 246]);
    c.rect(sx + sw * 0.2, sy + 12, sw * 0.6, 6, [40, 40, 40]);
    for (let row = 0; row < 14; row++) {
      const y = sy + 36 + row * ((sh - 48) / 14);
      c.rect(sx + 10, y, sw - 20, 1, [170, 170, 170]);
      c.rect(sx + 16, y + 5, sw * (0.25 + random() * 0.2), 4, [60, 60, 90]);
      if (random() < 0.85) c.rect(sx + sw * 0.7 + random() * 10, y + 4, sw * (0.12 + random() * 0.1), 5, [20, 40, 140]);
    }
  } else {
    const people = 5 + Math.floor(random() * 6);
    for (let i = 0; i < people; i++) {
      const x = width * (0.06 + (0.88 * (i + random() * 0.5)) / people);
      const back = random() < 0.5;
      const y = height * (back ? 0.45 : 0.6);
      const s = back ? 0.8 : 1.05;
      c.rect(x - 22 * s, y, 44 * s, 90 * s, pick(shirts));
      c.circle(x, y - 18 * s, 17 * s, pick(skin));
      c.rect(x - 17 * s, y - 38 * s, 34 * s, 12 * s, [30, 25, 20]);
    }
    if (scene === 'meeting') c.rect(width * 0.05, height * 0.78, width * 0.9, height * 0.06, [120, 85, 55]);
  }
  const text = captionText(spec.caption);
  const scale = Math.max(2, Math.min(3, Math.floor((width - 20) / (6 * Math.max(1, text.length)))));
  const bandHeight = 7 * scale + 14;
  c.rect(0, height - bandHeight, width, bandHeight, [20, 20, 20]);
  c.text(10, height - bandHeight + 7, text, scale, [255, 255, 255]);
  return jpeg.encode({ data: c.data, width, height }, spec.quality ?? 70).data;
}
