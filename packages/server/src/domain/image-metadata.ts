import type { ImageType } from './images';

/** What `stripImageMetadata` did. */
export interface StrippedImage {
  /** The image without its metadata; the input itself when nothing was removed. */
  bytes: Uint8Array;
  /** The segments or chunks taken out, in file order (`APP1`, `APP13`, `COM`, `eXIf`, `tEXt`, `EXIF`, `XMP `, …). */
  removed: string[];
  /**
   * False when the structure could not be followed (truncated, bad lengths, unexpected
   * bytes): the bytes are then returned untouched. Never an exception.
   */
  parsed: boolean;
}

const untouched = (bytes: Uint8Array, parsed: boolean): StrippedImage => ({ bytes, removed: [], parsed });

/**
 * Removes metadata that can identify the reporter (EXIF with GPS coordinates, XMP, IPTC,
 * comments, text chunks) from an uploaded image without decoding or re-encoding it: the
 * segments and chunks that stay are copied byte for byte.
 *
 * - JPEG: drops APP1 (EXIF, XMP), APP13 (IPTC) and COM segments before the first scan;
 *   everything from SOS on is kept as is.
 * - PNG: drops `eXIf`, `tEXt`, `zTXt` and `iTXt` chunks (the others keep their CRCs).
 * - WebP: in a VP8X (extended) container, drops `EXIF` and `XMP ` chunks, clears their
 *   VP8X flags and fixes the RIFF size. Simple (VP8/VP8L-only) WebP holds no metadata.
 *
 * Input it cannot follow is returned as is (`parsed: false`).
 *
 * @example const { bytes } = stripImageMetadata(upload, 'image/jpeg'); // no EXIF left
 */
export function stripImageMetadata(bytes: Uint8Array, type: ImageType): StrippedImage {
  try {
    if (type === 'image/jpeg') return stripJpeg(bytes);
    if (type === 'image/png') return stripPng(bytes);
    return stripWebp(bytes);
  } catch {
    // The parsers check every bound; this only guards against a mistake in them.
    return untouched(bytes, false);
  }
}

/** Joins the kept ranges of `bytes` (and replacement pieces) into one array. */
function assemble(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

// ---- JPEG ------------------------------------------------------------------------------

const JPEG_DROPPED = new Map([
  [0xe1, 'APP1'],
  [0xed, 'APP13'],
  [0xfe, 'COM'],
]);
const SOS = 0xda;
const EOI = 0xd9;
/** Markers without a length: TEM and RST0–7 (SOI/EOI are handled on their own). */
const standalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

function stripJpeg(bytes: Uint8Array): StrippedImage {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return untouched(bytes, false);
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let pos = 2;
  while (pos < bytes.length) {
    const start = pos;
    if (bytes[pos] !== 0xff) return untouched(bytes, false);
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < bytes.length && bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) return untouched(bytes, false);
    const marker = bytes[pos] as number;
    pos++;
    if (marker === SOS || marker === EOI) {
      // The entropy-coded data (or the end) follows: kept as is, to the last byte.
      parts.push(bytes.subarray(start));
      return removed.length === 0 ? untouched(bytes, true) : { bytes: assemble(parts), removed, parsed: true };
    }
    if (marker === 0x00 || marker === 0xd8) return untouched(bytes, false);
    if (standalone(marker)) {
      parts.push(bytes.subarray(start, pos));
      continue;
    }
    if (pos + 2 > bytes.length) return untouched(bytes, false);
    const length = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    if (length < 2 || pos + length > bytes.length) return untouched(bytes, false);
    pos += length;
    const dropped = JPEG_DROPPED.get(marker);
    if (dropped) removed.push(dropped);
    else parts.push(bytes.subarray(start, pos));
  }
  // Ran out of bytes before a scan or the end of the image.
  return untouched(bytes, false);
}

// ---- PNG -------------------------------------------------------------------------------

const PNG_SIGNATURE_LENGTH = 8;
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt']);

const isLetter = (byte: number) => (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
const fourCC = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
const readUint32BE = (bytes: Uint8Array, at: number) =>
  (((bytes[at] as number) << 24) >>> 0) + (((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number));
const readUint32LE = (bytes: Uint8Array, at: number) =>
  (((bytes[at + 3] as number) << 24) >>> 0) + (((bytes[at + 2] as number) << 16) | ((bytes[at + 1] as number) << 8) | (bytes[at] as number));

function stripPng(bytes: Uint8Array): StrippedImage {
  const parts: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE_LENGTH)];
  const removed: string[] = [];
  let pos = PNG_SIGNATURE_LENGTH;
  while (pos + 12 <= bytes.length) {
    const length = readUint32BE(bytes, pos);
    // Length, type, data, CRC; the spec caps a chunk's length at 2^31 - 1.
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) return untouched(bytes, false);
    for (let i = 4; i < 8; i++) if (!isLetter(bytes[pos + i] as number)) return untouched(bytes, false);
    const type = fourCC(bytes, pos + 4);
    const end = pos + 12 + length;
    if (PNG_DROPPED.has(type)) removed.push(type);
    else parts.push(bytes.subarray(pos, end));
    pos = end;
    if (type === 'IEND') {
      // Anything after the end is not PNG; kept as is.
      parts.push(bytes.subarray(pos));
      return removed.length === 0 ? untouched(bytes, true) : { bytes: assemble(parts), removed, parsed: true };
    }
  }
  // Truncated, or no IEND.
  return untouched(bytes, false);
}

// ---- WebP ------------------------------------------------------------------------------

const WEBP_DROPPED = new Set(['EXIF', 'XMP ']);
/** VP8X flag bits (first byte of its payload). */
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(bytes: Uint8Array): StrippedImage {
  if (bytes.length < 12 || fourCC(bytes, 0) !== 'RIFF' || fourCC(bytes, 8) !== 'WEBP') return untouched(bytes, false);
  const riffEnd = 8 + readUint32LE(bytes, 4);
  if (riffEnd > bytes.length || riffEnd < 12) return untouched(bytes, false);
  const chunks: { type: string; start: number; end: number }[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) return untouched(bytes, false);
    const size = readUint32LE(bytes, pos + 4);
    // Chunks are padded to an even size; a missing pad byte at the very end is tolerated.
    const end = pos + 8 + size + (size & 1);
    if (pos + 8 + size > riffEnd) return untouched(bytes, false);
    chunks.push({ type: fourCC(bytes, pos), start: pos, end: Math.min(end, riffEnd) });
    pos = end;
  }
  const first = chunks[0];
  // Only the extended format (VP8X first) may carry metadata chunks.
  if (!first || first.type !== 'VP8X') return untouched(bytes, chunks.length > 0);
  if (first.end - first.start < 8 + 10) return untouched(bytes, false);
  const kept = chunks.filter((chunk) => !WEBP_DROPPED.has(chunk.type));
  const removed = chunks.filter((chunk) => WEBP_DROPPED.has(chunk.type)).map((chunk) => chunk.type);
  const flags = bytes[first.start + 8] as number;
  const newFlags = flags & ~(VP8X_EXIF | VP8X_XMP);
  if (removed.length === 0 && newFlags === flags) return untouched(bytes, true);

  const vp8x = bytes.slice(first.start, first.end);
  vp8x[8] = newFlags;
  const body = kept.map((chunk) => (chunk === first ? vp8x : bytes.subarray(chunk.start, chunk.end)));
  const riffSize = 4 + body.reduce((total, chunk) => total + chunk.byteLength, 0);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, riffSize, true);
  // Bytes after the RIFF container are not WebP; kept as is.
  return { bytes: assemble([header, ...body, bytes.subarray(riffEnd)]), removed, parsed: true };
}
