#!/usr/bin/env node
// Draw the app icon (a rounded tile with a bar chart) and write resources/icon.png (512×512),
// icon.ico (16–256, PNG-compressed entries) and icon.icns (128–1024) — no image tools needed.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { Buffer } from 'node:buffer';

const out = fileURLToPath(new URL('../../resources', import.meta.url));

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

// The drawing, in unit coordinates (0..1): what colour is at (u, v)?
const BARS = [
  { x0: 0.24, x1: 0.34, top: 0.56 },
  { x0: 0.39, x1: 0.49, top: 0.40 },
  { x0: 0.54, x1: 0.64, top: 0.48 },
  { x0: 0.69, x1: 0.79, top: 0.28 },
];
function insideRoundedRect(u, v, m, r) {
  const x = Math.min(Math.max(u, m + r), 1 - m - r);
  const y = Math.min(Math.max(v, m + r), 1 - m - r);
  return (u - x) ** 2 + (v - y) ** 2 <= r * r && u >= m && u <= 1 - m && v >= m && v <= 1 - m;
}
function colourAt(u, v) {
  if (!insideRoundedRect(u, v, 0.04, 0.2)) return null;
  for (const b of BARS) if (u >= b.x0 && u <= b.x1 && v >= b.top && v <= 0.74) return [255, 255, 255];
  if (v >= 0.76 && v <= 0.785 && u >= 0.2 && u <= 0.83) return [190, 235, 240];
  // Diagonal gradient: deep blue to teal.
  const t = (u + v) / 2;
  return [Math.round(24 + t * 8), Math.round(70 + t * 90), Math.round(160 + t * 20)];
}
function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  const S = 4; // supersampling per axis, for smooth edges
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = colourAt((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a++;
          }
        }
      }
      const i = (y * size + x) * 4;
      if (a) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((a / (S * S)) * 255);
      }
    }
  }
  return png(size, rgba);
}

function ico(sizes) {
  const images = sizes.map((s) => ({ s, data: render(s) }));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const dir = images.map(({ s, data }) => {
    const e = Buffer.alloc(16);
    e[0] = s >= 256 ? 0 : s;
    e[1] = s >= 256 ? 0 : s;
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(data.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += data.length;
    return e;
  });
  return Buffer.concat([header, ...dir, ...images.map((i) => i.data)]);
}

function icns(entries) {
  const parts = entries.map(([type, size]) => {
    const data = render(size);
    const h = Buffer.alloc(8);
    h.write(type, 0, 'ascii');
    h.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([h, data]);
  });
  const body = Buffer.concat(parts);
  const h = Buffer.alloc(8);
  h.write('icns', 0, 'ascii');
  h.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([h, body]);
}

mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'icon.png'), render(512));
writeFileSync(join(out, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256]));
writeFileSync(join(out, 'icon.icns'), icns([['ic07', 128], ['ic08', 256], ['ic09', 512], ['ic10', 1024]]));
console.log(`Icons written to ${out}`);
