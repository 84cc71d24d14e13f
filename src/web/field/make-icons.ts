// Draws the installable app's icons (src/web/public/icon-192.png, icon-512.png): the logo's
// hexagon and dot in white on the brand blue, full-bleed so the same file serves as a
// maskable icon (the mark stays inside the central safe zone). PNG written by hand with
// node:zlib, no graphics dependency. Run once after changing the design:
//   npx tsx src/web/field/make-icons.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const BACKGROUND = [0x0b, 0x5c, 0xc5]; // theme.ts brand[7], the primary shade
const FOREGROUND = [0xff, 0xff, 0xff];

// The logo of Shell.tsx in its 64×64 box: a hexagon outline (stroke 5) and a dot (r 5).
const HEXAGON: [number, number][] = [[18, 40], [18, 24], [32, 16], [46, 24], [46, 40], [32, 48]];
const STROKE = 5;
const DOT = { x: 32, y: 32, r: 5 };

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Whether a point of the 64-box is ink. Mitred joins are approximated by round ones. */
function ink(x: number, y: number): boolean {
  if (Math.hypot(x - DOT.x, y - DOT.y) <= DOT.r) return true;
  for (let i = 0; i < HEXAGON.length; i++) {
    if (distanceToSegment(x, y, HEXAGON[i], HEXAGON[(i + 1) % HEXAGON.length]) <= STROKE / 2) return true;
  }
  return false;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function drawIcon(size: number, samples = 4): Buffer {
  // The mark fills 1.5× its 64-box share: about 65 % of the icon, inside the maskable safe zone.
  const scale = 64 / size / 1.5;
  const offset = 32 - (size / 2) * scale;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = offset + (x + (sx + 0.5) / samples) * scale;
          const v = offset + (y + (sy + 0.5) / samples) * scale;
          if (ink(u, v)) hits++;
        }
      }
      const a = hits / (samples * samples);
      for (let c = 0; c < 3; c++) row[1 + x * 4 + c] = Math.round(BACKGROUND[c] * (1 - a) + FOREGROUND[c] * a);
      row[1 + x * 4 + 3] = 255;
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const size of [192, 512]) {
    const file = fileURLToPath(new URL(`../public/icon-${size}.png`, import.meta.url));
    writeFileSync(file, drawIcon(size));
    console.log(`wrote ${file}`);
  }
}
