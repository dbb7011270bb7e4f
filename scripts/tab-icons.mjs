// The examples' tab bar icons (81×81 PNG, as WeChat recommends), drawn from simple shapes so
// no example ships a binary it cannot regenerate. Each example's scripts/icons.mjs picks the
// colours and the folder.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 81;
const SAMPLES = 4; // supersampling per axis, for smooth edges

/** @param {Uint8Array} bytes */
function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** @param {Buffer} rgba 81×81 RGBA pixels */
function png(rgba) {
  /** @type {(type: string, data: Buffer) => Buffer} */
  const chunk = (type, data) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
  const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
  for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** @typedef {(x: number, y: number) => boolean} Shape */
/** @typedef {[number, number, number]} Rgb */

/**
 * Renders `inside(x, y)` (coordinates 0..81) in `color` with anti-aliased edges, as a PNG.
 * @param {Shape} inside
 * @param {Rgb} color
 */
export function draw(inside, [r, g, b]) {
  const rgba = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      let hits = 0;
      for (let sy = 0; sy < SAMPLES; sy++) for (let sx = 0; sx < SAMPLES; sx++) if (inside(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES)) hits++;
      rgba.set([r, g, b, Math.round((255 * hits) / SAMPLES ** 2)], (y * SIZE + x) * 4);
    }
  }
  return png(rgba);
}

/** @type {(x: number, y: number, a: [number, number], b: [number, number], c: [number, number]) => boolean} */
const inTriangle = (x, y, [ax, ay], [bx, by], [cx, cy]) => {
  /** @type {(px: number, py: number, qx: number, qy: number) => number} */
  const side = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = side(ax, ay, bx, by), d2 = side(bx, by, cx, cy), d3 = side(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};

/** 首页: a house (roof + body with a door). @type {Shape} */
const home = (x, y) => {
  const roof = inTriangle(x, y, [40.5, 12], [10, 40], [71, 40]);
  const body = x >= 19 && x <= 62 && y >= 38 && y <= 69;
  const door = x >= 34 && x <= 47 && y >= 50 && y <= 69;
  return (roof || body) && !door;
};
/** 我的: a person (head + shoulders). @type {Shape} */
const mine = (x, y) => {
  const head = (x - 40.5) ** 2 + (y - 27) ** 2 <= 13 ** 2;
  const shoulders = y <= 70 && (x - 40.5) ** 2 / 27 ** 2 + (y - 70) ** 2 / 25 ** 2 <= 1;
  return head || shoulders;
};

/** The tabs both examples have: 首页 and 我的. */
export const TAB_SHAPES = { home, mine };

/**
 * Writes `tab-<name><suffix>.png` and `tab-<name><suffix>-active.png` for every tab into `folder`
 * (a file URL ending in /), in `normal` and `active` colours ([r, g, b]).
 *
 * @param {URL} folder
 * @param {{ normal: Rgb; active: Rgb; suffix?: string }} colors
 */
export function writeTabIcons(folder, { normal, active, suffix = '' }) {
  for (const [name, shape] of Object.entries(TAB_SHAPES)) {
    writeFileSync(new URL(`tab-${name}${suffix}.png`, folder), draw(shape, normal));
    writeFileSync(new URL(`tab-${name}${suffix}-active.png`, folder), draw(shape, active));
  }
}
