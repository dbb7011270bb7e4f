import { crc32 } from 'node:zlib';
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
  /**
   * The EXIF Orientation (2–8) written back, as a minimal EXIF holding only that tag, in
   * place of the EXIF removed (which `removed` still lists), so that a photo that relies on
   * it does not show turned. Absent when there was no EXIF, or its orientation was 1,
   * missing or unreadable: that EXIF is then just dropped.
   */
  keptOrientation?: number;
}

const untouched = (bytes: Uint8Array, parsed: boolean): StrippedImage => ({ bytes, removed: [], parsed });

/** The result once something was removed: the kept parts joined, and the orientation kept if any. */
const stripped = (parts: readonly Uint8Array[], removed: string[], orientation: Orientation | undefined): StrippedImage => ({
  bytes: assemble(parts),
  removed,
  parsed: true,
  ...(orientation && { keptOrientation: orientation.value }),
});

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
 * One thing of the EXIF survives: when its IFD0 has an Orientation other than 1, the first
 * EXIF (JPEG APP1, PNG `eXIf`, WebP `EXIF`, whose VP8X flag then stays set) is replaced, in
 * its place and in its byte order, by a minimal one holding only that tag
 * (`keptOrientation`), since viewers need it to show a phone photo upright.
 *
 * Input it cannot follow is returned as is (`parsed: false`).
 *
 * @example
 * const { bytes, keptOrientation } = stripImageMetadata(upload, 'image/jpeg');
 * // no GPS, XMP or comment left; keptOrientation is 6 for a portrait phone photo
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

// ---- EXIF orientation ------------------------------------------------------------------

/** An EXIF Orientation worth keeping, with the byte order of the TIFF it came from. */
interface Orientation {
  littleEndian: boolean;
  /** 2–8: the image is to be mirrored and/or turned when shown. */
  value: number;
}

const ORIENTATION_TAG = 0x0112;
const TIFF_SHORT = 3;
const TIFF_MAGIC = 42;
/** What precedes the TIFF structure in a JPEG APP1 (and in some WebP `EXIF` chunks). */
const EXIF_HEADER = Uint8Array.from([0x45, 0x78, 0x69, 0x66, 0, 0]); // "Exif\0\0"

const startsWith = (bytes: Uint8Array, prefix: Uint8Array) => bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);

/**
 * The Orientation in IFD0 of a TIFF structure (an EXIF block without its `Exif\0\0`), when
 * it turns the image (2–8). Anything else (no tag, 1, an unknown value, another type or
 * count, a byte order, magic or offset that does not check out) gives `undefined`: that
 * EXIF is then simply dropped. Every read is bounds-checked; no other IFD is followed.
 */
function readOrientation(tiff: Uint8Array): Orientation | undefined {
  if (tiff.length < 8) return undefined;
  let littleEndian: boolean;
  if (tiff[0] === 0x49 && tiff[1] === 0x49) littleEndian = true; // "II"
  else if (tiff[0] === 0x4d && tiff[1] === 0x4d) littleEndian = false; // "MM"
  else return undefined;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  if (view.getUint16(2, littleEndian) !== TIFF_MAGIC) return undefined;
  const ifd0 = view.getUint32(4, littleEndian);
  if (ifd0 < 8 || ifd0 + 2 > tiff.length) return undefined;
  const count = view.getUint16(ifd0, littleEndian);
  // The whole IFD (count, entries, next-IFD offset) must fit. This also makes the TIFF at
  // least as long as the minimal one written back, so stripping never grows a file.
  if (ifd0 + 2 + count * 12 + 4 > tiff.length) return undefined;
  for (let entry = ifd0 + 2; entry < ifd0 + 2 + count * 12; entry += 12) {
    if (view.getUint16(entry, littleEndian) !== ORIENTATION_TAG) continue;
    if (view.getUint16(entry + 2, littleEndian) !== TIFF_SHORT || view.getUint32(entry + 4, littleEndian) !== 1) return undefined;
    const value = view.getUint16(entry + 8, littleEndian);
    return value >= 2 && value <= 8 ? { littleEndian, value } : undefined;
  }
  return undefined;
}

/** A TIFF structure holding only IFD0 with the one Orientation entry (26 bytes). */
function orientationTiff({ littleEndian, value }: Orientation): Uint8Array {
  const tiff = new Uint8Array(8 + 2 + 12 + 4);
  const view = new DataView(tiff.buffer);
  tiff[0] = tiff[1] = littleEndian ? 0x49 : 0x4d;
  view.setUint16(2, TIFF_MAGIC, littleEndian);
  view.setUint32(4, 8, littleEndian); // IFD0 right after the header
  view.setUint16(8, 1, littleEndian); // one entry
  view.setUint16(10, ORIENTATION_TAG, littleEndian);
  view.setUint16(12, TIFF_SHORT, littleEndian);
  view.setUint32(14, 1, littleEndian);
  view.setUint16(18, value, littleEndian); // a SHORT sits in the first half of the value field
  // The rest (value padding, next-IFD offset) stays 0: no further IFD.
  return tiff;
}

// ---- JPEG ------------------------------------------------------------------------------

const JPEG_DROPPED = new Map([
  [0xe1, 'APP1'],
  [0xed, 'APP13'],
  [0xfe, 'COM'],
]);
const APP1 = 0xe1;
const SOS = 0xda;
const EOI = 0xd9;
/** Markers without a length: TEM and RST0–7 (SOI/EOI are handled on their own). */
const standalone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

function stripJpeg(bytes: Uint8Array): StrippedImage {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return untouched(bytes, false);
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let exifSeen = false;
  let orientation: Orientation | undefined;
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
      return removed.length === 0 ? untouched(bytes, true) : stripped(parts, removed, orientation);
    }
    if (marker === 0x00 || marker === 0xd8) return untouched(bytes, false);
    if (standalone(marker)) {
      parts.push(bytes.subarray(start, pos));
      continue;
    }
    if (pos + 2 > bytes.length) return untouched(bytes, false);
    const length = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    if (length < 2 || pos + length > bytes.length) return untouched(bytes, false);
    const payload = bytes.subarray(pos + 2, pos + length);
    pos += length;
    const dropped = JPEG_DROPPED.get(marker);
    if (!dropped) {
      parts.push(bytes.subarray(start, pos));
      continue;
    }
    removed.push(dropped);
    if (marker === APP1 && !exifSeen && startsWith(payload, EXIF_HEADER)) {
      exifSeen = true;
      orientation = readOrientation(payload.subarray(EXIF_HEADER.length));
      if (orientation) parts.push(jpegExifSegment(orientation));
    }
  }
  // Ran out of bytes before a scan or the end of the image.
  return untouched(bytes, false);
}

/** An APP1 segment with a minimal EXIF: `Exif\0\0` and the orientation-only TIFF. */
function jpegExifSegment(orientation: Orientation): Uint8Array {
  const payload = assemble([EXIF_HEADER, orientationTiff(orientation)]);
  const length = 2 + payload.byteLength;
  return assemble([Uint8Array.from([0xff, APP1, length >> 8, length & 0xff]), payload]);
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
  let exifSeen = false;
  let orientation: Orientation | undefined;
  let pos = PNG_SIGNATURE_LENGTH;
  while (pos + 12 <= bytes.length) {
    const length = readUint32BE(bytes, pos);
    // Length, type, data, CRC; the spec caps a chunk's length at 2^31 - 1.
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) return untouched(bytes, false);
    for (let i = 4; i < 8; i++) if (!isLetter(bytes[pos + i] as number)) return untouched(bytes, false);
    const type = fourCC(bytes, pos + 4);
    const end = pos + 12 + length;
    if (!PNG_DROPPED.has(type)) parts.push(bytes.subarray(pos, end));
    else {
      removed.push(type);
      // The spec allows one eXIf; its data is the TIFF structure, without `Exif\0\0`.
      if (type === 'eXIf' && !exifSeen) {
        exifSeen = true;
        orientation = readOrientation(bytes.subarray(pos + 8, pos + 8 + length));
        if (orientation) parts.push(pngChunk('eXIf', orientationTiff(orientation)));
      }
    }
    pos = end;
    if (type === 'IEND') {
      // Anything after the end is not PNG; kept as is.
      parts.push(bytes.subarray(pos));
      return removed.length === 0 ? untouched(bytes, true) : stripped(parts, removed, orientation);
    }
  }
  // Truncated, or no IEND.
  return untouched(bytes, false);
}

/** A PNG chunk: length, type, data and the CRC of type and data. */
function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const chunk = new Uint8Array(12 + data.byteLength);
  const view = new DataView(chunk.buffer);
  view.setUint32(0, data.byteLength);
  for (let i = 0; i < 4; i++) chunk[4 + i] = type.charCodeAt(i);
  chunk.set(data, 8);
  view.setUint32(8 + data.byteLength, crc32(chunk.subarray(4, 8 + data.byteLength)));
  return chunk;
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
  const chunks: { type: string; start: number; size: number; end: number }[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) return untouched(bytes, false);
    const size = readUint32LE(bytes, pos + 4);
    // Chunks are padded to an even size; a missing pad byte at the very end is tolerated.
    const end = pos + 8 + size + (size & 1);
    if (pos + 8 + size > riffEnd) return untouched(bytes, false);
    chunks.push({ type: fourCC(bytes, pos), start: pos, size, end: Math.min(end, riffEnd) });
    pos = end;
  }
  const first = chunks[0];
  // Only the extended format (VP8X first) may carry metadata chunks.
  if (!first || first.type !== 'VP8X') return untouched(bytes, chunks.length > 0);
  if (first.end - first.start < 8 + 10) return untouched(bytes, false);
  const removed = chunks.filter((chunk) => WEBP_DROPPED.has(chunk.type)).map((chunk) => chunk.type);
  const exif = chunks.find((chunk) => chunk.type === 'EXIF');
  const orientation = exif && readOrientation(withoutExifHeader(bytes.subarray(exif.start + 8, exif.start + 8 + exif.size)));
  const flags = bytes[first.start + 8] as number;
  const newFlags = (flags & ~(VP8X_EXIF | VP8X_XMP)) | (orientation ? VP8X_EXIF : 0);
  if (removed.length === 0 && newFlags === flags) return untouched(bytes, true);

  const vp8x = bytes.slice(first.start, first.end);
  vp8x[8] = newFlags;
  const body = chunks.flatMap((chunk) => {
    if (chunk === first) return [vp8x];
    if (chunk === exif && orientation) return [webpExifChunk(orientation)];
    return WEBP_DROPPED.has(chunk.type) ? [] : [bytes.subarray(chunk.start, chunk.end)];
  });
  const riffSize = 4 + body.reduce((total, chunk) => total + chunk.byteLength, 0);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, riffSize, true);
  // Bytes after the RIFF container are not WebP; kept as is.
  return stripped([header, ...body, bytes.subarray(riffEnd)], removed, orientation);
}

/** The spec's `EXIF` chunk holds the TIFF structure alone, but some writers keep `Exif\0\0`. */
const withoutExifHeader = (data: Uint8Array) => (startsWith(data, EXIF_HEADER) ? data.subarray(EXIF_HEADER.length) : data);

/** An `EXIF` chunk with the orientation-only TIFF (as the spec has it, without `Exif\0\0`; even size, so no padding). */
function webpExifChunk(orientation: Orientation): Uint8Array {
  const tiff = orientationTiff(orientation);
  const chunk = new Uint8Array(8 + tiff.byteLength + (tiff.byteLength & 1));
  chunk.set([0x45, 0x58, 0x49, 0x46]); // "EXIF"
  new DataView(chunk.buffer).setUint32(4, tiff.byteLength, true);
  chunk.set(tiff, 8);
  return chunk;
}
