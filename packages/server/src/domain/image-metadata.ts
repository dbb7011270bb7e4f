import { crc32 } from 'node:zlib';
import type { ImageType } from './images';

/** The size an image declares (JPEG SOF, PNG IHDR, WebP VP8X/VP8L/VP8), never decoded. */
export interface ImageDimensions {
  width: number;
  height: number;
}

/**
 * What `stripImageMetadata` did. An image whose structure could not be followed
 * (truncated, bad lengths, unexpected bytes, no declared size) gives no bytes back at all,
 * so that nothing unexamined (GPS included) can be stored by mistake.
 */
export type StrippedImage = ReadableImage | { parsed: false };

/** An image followed from its first byte to its end. */
export interface ReadableImage {
  parsed: true;
  /** The image without its metadata or trailing bytes; the input itself when nothing was removed. */
  bytes: Uint8Array;
  /**
   * The segments or chunks taken out, in file order (`APP1`, `APP13`, `COM`, `eXIf`, `tEXt`,
   * `EXIF`, `XMP `, …), then `trailing bytes` when something followed the image's end.
   */
  removed: string[];
  /** The largest size the image declares (a WebP's canvas and bitstream, or several SOFs, may differ). */
  dimensions: ImageDimensions;
  /**
   * The EXIF Orientation (2–8) written back, as a minimal EXIF holding only that tag, in
   * place of the EXIF removed (which `removed` still lists), so that a photo that relies on
   * it does not show turned. Absent when there was no EXIF, or its orientation was 1,
   * missing or unreadable: that EXIF is then just dropped.
   */
  keptOrientation?: number;
}

const UNREADABLE: StrippedImage = Object.freeze({ parsed: false });
const TRAILING = 'trailing bytes';

/** What a walk kept: the image's bytes as they were, or these parts joined. */
type Kept = readonly Uint8Array[] | 'unchanged';

/**
 * The result of a walk that reached the image's end at `end`, without what followed it: the
 * input itself when nothing was changed or removed.
 */
function readable(
  bytes: Uint8Array,
  end: number,
  kept: Kept,
  removed: string[],
  dimensions: ImageDimensions | undefined,
  orientation?: Orientation,
): StrippedImage {
  if (!dimensions || dimensions.width === 0 || dimensions.height === 0) return UNREADABLE;
  if (end < bytes.length) removed.push(TRAILING);
  if (kept === 'unchanged') return { bytes: end < bytes.length ? bytes.subarray(0, end) : bytes, removed, parsed: true, dimensions };
  return { bytes: assemble(kept), removed, parsed: true, dimensions, ...(orientation && { keptOrientation: orientation.value }) };
}

/** The larger (in pixels) of two declared sizes. */
const larger = (a: ImageDimensions | undefined, b: ImageDimensions): ImageDimensions => (a && a.width * a.height >= b.width * b.height ? a : b);

/**
 * Removes metadata that can identify the reporter (EXIF with GPS coordinates, XMP, IPTC,
 * comments, text chunks) from an uploaded image without decoding or re-encoding it: the
 * segments and chunks that stay are copied byte for byte. Whatever follows the image's end
 * (a JPEG's EOI, a PNG's IEND, a WebP's RIFF size) is dropped too: it is not the image, and
 * may be another file (a multi-picture preview with its own EXIF, an archive).
 *
 * - JPEG: drops APP1 (EXIF, XMP), APP13 (IPTC) and COM segments, following every scan to EOI.
 * - PNG: drops `eXIf`, `tEXt`, `zTXt` and `iTXt` chunks (the others keep their CRCs).
 * - WebP: in a VP8X (extended) container, drops `EXIF` and `XMP ` chunks, clears their
 *   VP8X flags and fixes the RIFF size. Simple (VP8/VP8L-only) WebP holds no metadata.
 *
 * The walk also reads the size the image declares (`dimensions`), so the caller can refuse
 * a decompression bomb without decoding anything.
 *
 * One thing of the EXIF survives: when its IFD0 has an Orientation other than 1, the first
 * EXIF (JPEG APP1, PNG `eXIf`, WebP `EXIF`, whose VP8X flag then stays set) is replaced, in
 * its place and in its byte order, by a minimal one holding only that tag
 * (`keptOrientation`), since viewers need it to show a phone photo upright.
 *
 * Input it cannot follow gives `{ parsed: false }` and no bytes: refuse it.
 *
 * @example
 * const result = stripImageMetadata(upload, 'image/jpeg');
 * if (!result.parsed) throw unreadable();
 * // result.bytes: no GPS, XMP or comment left; keptOrientation is 6 for a portrait phone photo
 */
export function stripImageMetadata(bytes: Uint8Array, type: ImageType): StrippedImage {
  try {
    if (type === 'image/jpeg') return stripJpeg(bytes);
    if (type === 'image/png') return stripPng(bytes);
    return stripWebp(bytes);
  } catch {
    // The parsers check every bound; this only guards against a mistake in them.
    return UNREADABLE;
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

/** Start-of-frame markers (C0–CF without DHT, JPG and DAC): their segment declares the size. */
const isSof = (marker: number) => marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Where the entropy-coded data that starts at `pos` ends: the next marker, i.e. a 0xFF that
 * is neither stuffing (FF00), a restart marker (FFD0–FFD7) nor a fill byte before a marker.
 * -1 when the file ends first (truncated).
 */
function scanEnd(bytes: Uint8Array, pos: number): number {
  for (let at = pos; at + 1 < bytes.length; at++) {
    if (bytes[at] !== 0xff) continue;
    const next = bytes[at + 1] as number;
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) continue;
    return at;
  }
  return -1;
}

function stripJpeg(bytes: Uint8Array): StrippedImage {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return UNREADABLE;
  const parts: Uint8Array[] = [bytes.subarray(0, 2)];
  const removed: string[] = [];
  let exifSeen = false;
  let scanned = false;
  let orientation: Orientation | undefined;
  let dimensions: ImageDimensions | undefined;
  let pos = 2;
  while (pos < bytes.length) {
    const start = pos;
    if (bytes[pos] !== 0xff) return UNREADABLE;
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < bytes.length && bytes[pos] === 0xff) pos++;
    if (pos >= bytes.length) return UNREADABLE;
    const marker = bytes[pos] as number;
    pos++;
    if (marker === EOI) {
      if (!scanned) return UNREADABLE;
      parts.push(bytes.subarray(start, pos));
      return readable(bytes, pos, removed.length === 0 ? 'unchanged' : parts, removed, dimensions, orientation);
    }
    if (marker === 0x00 || marker === 0xd8) return UNREADABLE;
    if (standalone(marker)) {
      parts.push(bytes.subarray(start, pos));
      continue;
    }
    if (pos + 2 > bytes.length) return UNREADABLE;
    const length = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    if (length < 2 || pos + length > bytes.length) return UNREADABLE;
    const payload = bytes.subarray(pos + 2, pos + length);
    pos += length;
    if (marker === SOS) {
      // The scan header, then entropy-coded data up to the next marker, all kept as is.
      const end = scanEnd(bytes, pos);
      if (end < 0) return UNREADABLE;
      scanned = true;
      parts.push(bytes.subarray(start, end));
      pos = end;
      continue;
    }
    if (isSof(marker)) {
      // Precision, then height and width (16 bits each).
      if (payload.length < 5) return UNREADABLE;
      const height = ((payload[1] as number) << 8) | (payload[2] as number);
      const width = ((payload[3] as number) << 8) | (payload[4] as number);
      dimensions = larger(dimensions, { width, height });
    }
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
  // Ran out of bytes before the end of the image.
  return UNREADABLE;
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
  let dimensions: ImageDimensions | undefined;
  const parts: Uint8Array[] = [bytes.subarray(0, PNG_SIGNATURE_LENGTH)];
  const removed: string[] = [];
  let exifSeen = false;
  let orientation: Orientation | undefined;
  let pos = PNG_SIGNATURE_LENGTH;
  while (pos + 12 <= bytes.length) {
    const length = readUint32BE(bytes, pos);
    // Length, type, data, CRC; the spec caps a chunk's length at 2^31 - 1.
    if (length > 0x7fffffff || pos + 12 + length > bytes.length) return UNREADABLE;
    for (let i = 4; i < 8; i++) if (!isLetter(bytes[pos + i] as number)) return UNREADABLE;
    const type = fourCC(bytes, pos + 4);
    // IHDR comes first and only there: width and height, 32 bits each.
    if ((pos === PNG_SIGNATURE_LENGTH) !== (type === 'IHDR')) return UNREADABLE;
    if (type === 'IHDR') {
      if (length !== 13) return UNREADABLE;
      dimensions = { width: readUint32BE(bytes, pos + 8), height: readUint32BE(bytes, pos + 12) };
    }
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
    if (type === 'IEND') return readable(bytes, pos, removed.length === 0 ? 'unchanged' : parts, removed, dimensions, orientation);
  }
  // Truncated, or no IEND.
  return UNREADABLE;
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
  if (bytes.length < 12 || fourCC(bytes, 0) !== 'RIFF' || fourCC(bytes, 8) !== 'WEBP') return UNREADABLE;
  const riffEnd = 8 + readUint32LE(bytes, 4);
  if (riffEnd > bytes.length || riffEnd < 12) return UNREADABLE;
  const chunks: { type: string; start: number; size: number; end: number }[] = [];
  let pos = 12;
  while (pos < riffEnd) {
    if (pos + 8 > riffEnd) return UNREADABLE;
    const size = readUint32LE(bytes, pos + 4);
    // Chunks are padded to an even size; a missing pad byte at the very end is tolerated.
    const end = pos + 8 + size + (size & 1);
    if (pos + 8 + size > riffEnd) return UNREADABLE;
    chunks.push({ type: fourCC(bytes, pos), start: pos, size, end: Math.min(end, riffEnd) });
    pos = end;
  }
  let dimensions: ImageDimensions | undefined;
  for (const chunk of chunks) {
    const declared = webpDimensions(chunk.type, bytes.subarray(chunk.start + 8, chunk.start + 8 + chunk.size));
    if (declared === null) return UNREADABLE;
    if (declared) dimensions = larger(dimensions, declared);
  }
  const first = chunks[0];
  // Only the extended format (VP8X first) may carry metadata chunks.
  if (!first || first.type !== 'VP8X') return readable(bytes, riffEnd, 'unchanged', [], dimensions);
  if (first.end - first.start < 8 + 10) return UNREADABLE;
  const removed = chunks.filter((chunk) => WEBP_DROPPED.has(chunk.type)).map((chunk) => chunk.type);
  const exif = chunks.find((chunk) => chunk.type === 'EXIF');
  const orientation = exif && readOrientation(withoutExifHeader(bytes.subarray(exif.start + 8, exif.start + 8 + exif.size)));
  const flags = bytes[first.start + 8] as number;
  const newFlags = (flags & ~(VP8X_EXIF | VP8X_XMP)) | (orientation ? VP8X_EXIF : 0);
  if (removed.length === 0 && newFlags === flags) return readable(bytes, riffEnd, 'unchanged', removed, dimensions);

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
  // Bytes after the RIFF container are not WebP: dropped.
  return readable(bytes, riffEnd, [header, ...body], removed, dimensions, orientation);
}

/**
 * The size a WebP chunk declares: the VP8X canvas (24-bit width and height minus one), a
 * VP8L header (0x2F, then 14-bit width and height minus one) or a VP8 key frame (start code
 * 9D 01 2A, then 14-bit width and height). Undefined for other chunks; null for one of
 * these too short or malformed to read.
 */
function webpDimensions(type: string, data: Uint8Array): ImageDimensions | undefined | null {
  const u24 = (at: number) => (data[at] as number) | ((data[at + 1] as number) << 8) | ((data[at + 2] as number) << 16);
  if (type === 'VP8X') return data.length < 10 ? null : { width: u24(4) + 1, height: u24(7) + 1 };
  if (type === 'VP8L') {
    if (data.length < 5 || data[0] !== 0x2f) return null;
    const bits = readUint32LE(data, 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (type === 'VP8 ') {
    if (data.length < 10 || data[3] !== 0x9d || data[4] !== 0x01 || data[5] !== 0x2a) return null;
    return { width: ((data[6] as number) | ((data[7] as number) << 8)) & 0x3fff, height: ((data[8] as number) | ((data[9] as number) << 8)) & 0x3fff };
  }
  return undefined;
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
