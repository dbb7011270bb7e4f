import { crc32, deflateSync } from 'node:zlib';

/**
 * Small hand-built images carrying a fake EXIF block with GPS coordinates, for the
 * metadata-stripping tests. Each builder returns the image and the pieces that must stay.
 */

const ascii = (text: string) => Uint8Array.from([...text].map((char) => char.charCodeAt(0)));
const u16be = (value: number) => [(value >> 8) & 0xff, value & 0xff];
const u32be = (value: number) => [(value >>> 24) & 0xff, (value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
const u32le = (value: number) => [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff];

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

/** Where `needle` first occurs in `haystack`, or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A recognisable string inside the fake GPS block (as a GPSMapDatum-like ASCII value). */
export const GPS_MARKER = ascii('HOME-31.2304N-121.4737E');

/**
 * A big-endian TIFF/EXIF block: IFD0 with a GPSInfo pointer, the GPS IFD with
 * GPSLatitudeRef 'N', GPSLatitude 31/1 13/1 4567/100 and an ASCII value holding `GPS_MARKER`.
 */
export function fakeGpsTiff(): Uint8Array {
  const ifd0 = 8;
  const gpsIfd = ifd0 + 2 + 12 + 4; // 26
  const gpsEntries = 3;
  const latitude = gpsIfd + 2 + gpsEntries * 12 + 4; // 68
  const marker = latitude + 24; // 92
  const entry = (tag: number, type: number, count: number, value: number[]) => [...u16be(tag), ...u16be(type), ...u32be(count), ...value];
  return concat(
    ascii('MM'), u16be(42), u32be(ifd0),
    u16be(1), entry(0x8825, 4, 1, u32be(gpsIfd)), u32be(0),
    u16be(gpsEntries),
    entry(0x0001, 2, 2, [0x4e, 0, 0, 0]),
    entry(0x0002, 5, 3, u32be(latitude)),
    entry(0x0012, 2, GPS_MARKER.length + 1, u32be(marker)),
    u32be(0),
    u32be(31), u32be(1), u32be(13), u32be(1), u32be(4567), u32be(100),
    GPS_MARKER, [0],
  );
}

/** An EXIF payload as JPEG APP1 and WebP EXIF hold it ("Exif\0\0" + TIFF). */
export const exifPayload = () => concat(ascii('Exif'), [0, 0], fakeGpsTiff());

// ---- JPEG ------------------------------------------------------------------------------

const segment = (marker: number, payload: Uint8Array | number[]) => concat([0xff, marker], u16be(payload.length + 2), payload);

/** A baseline JPEG skeleton with every kind of metadata segment; `kept` is what must remain, in order. */
export function jpegWithMetadata(): { image: Uint8Array; kept: Uint8Array[]; stripped: Uint8Array } {
  const soi = Uint8Array.from([0xff, 0xd8]);
  const app0 = segment(0xe0, concat(ascii('JFIF'), [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
  const app1 = segment(0xe1, exifPayload());
  const xmp = segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/'), [0], ascii('<x:xmpmeta><exif:GPSLatitude>31,13.76N</exif:GPSLatitude></x:xmpmeta>')));
  const icc = segment(0xe2, concat(ascii('ICC_PROFILE'), [0, 1, 1], ascii('not a real profile')));
  // APP13 and COM, preceded by fill bytes (allowed before any marker).
  const app13 = concat([0xff, 0xff], segment(0xed, concat(ascii('Photoshop 3.0'), [0], ascii('8BIM'), [4, 4, 0, 0], GPS_MARKER)));
  const com = segment(0xfe, concat(ascii('taken at '), GPS_MARKER));
  const dqt = segment(0xdb, [0, ...Array.from({ length: 64 }, (_, i) => i + 1)]);
  const sof0 = segment(0xc0, [8, 0, 1, 0, 1, 1, 1, 0x11, 0]);
  const dht = segment(0xc4, [0, ...Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)), 0]);
  // The scan: header, entropy-coded bytes with a stuffed 0xFF00 and an RST, then EOI.
  const scan = concat(segment(0xda, [1, 1, 0, 0, 0x3f, 0]), [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56], [0xff, 0xd9]);
  const image = concat(soi, app0, app1, xmp, icc, app13, com, dqt, sof0, dht, scan);
  const kept = [soi, app0, icc, dqt, sof0, dht, scan];
  return { image, kept, stripped: concat(...kept) };
}

/** Walks a JPEG's segments up to SOS; throws unless it is SOI … SOS … EOI. Returns the marker names. */
export function jpegMarkers(bytes: Uint8Array): number[] {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error('no SOI');
  if (bytes.at(-2) !== 0xff || bytes.at(-1) !== 0xd9) throw new Error('no EOI');
  const markers: number[] = [];
  let pos = 2;
  for (;;) {
    if (bytes[pos] !== 0xff) throw new Error(`no marker at ${pos}`);
    while (bytes[pos] === 0xff) pos++;
    const marker = bytes[pos++] as number;
    markers.push(marker);
    if (marker === 0xda || marker === 0xd9) return markers;
    const length = ((bytes[pos] as number) << 8) | (bytes[pos + 1] as number);
    pos += length;
    if (pos > bytes.length) throw new Error('segment past the end');
  }
}

// ---- PNG -------------------------------------------------------------------------------

export const PNG_SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function pngChunk(type: string, data: Uint8Array | number[]): Uint8Array {
  const typeAndData = concat(ascii(type), data);
  return concat(u32be(data.length), typeAndData, u32be(crc32(typeAndData)));
}

/** A valid 1×1 RGBA PNG with eXIf, tEXt, zTXt and iTXt chunks around its pixel data. */
export function pngWithMetadata(): { image: Uint8Array; stripped: Uint8Array } {
  const ihdr = pngChunk('IHDR', [...u32be(1), ...u32be(1), 8, 6, 0, 0, 0]);
  const gama = pngChunk('gAMA', u32be(45455));
  const exif = pngChunk('eXIf', fakeGpsTiff());
  const text = pngChunk('tEXt', concat(ascii('Comment'), [0], GPS_MARKER));
  const ztxt = pngChunk('zTXt', concat(ascii('Location'), [0, 0], deflateSync(GPS_MARKER)));
  const itxt = pngChunk('iTXt', concat(ascii('XML:com.adobe.xmp'), [0, 0, 0, 0, 0], GPS_MARKER));
  const idat = pngChunk('IDAT', deflateSync(Uint8Array.from([0, 255, 0, 0, 255])));
  const iend = pngChunk('IEND', []);
  return {
    image: concat(PNG_SIGNATURE, ihdr, gama, exif, text, idat, ztxt, itxt, iend),
    stripped: concat(PNG_SIGNATURE, ihdr, gama, idat, iend),
  };
}

/** The chunks of a PNG; throws on a bad signature, length or CRC. */
export function pngChunks(bytes: Uint8Array): string[] {
  if (indexOfBytes(bytes.subarray(0, 8), PNG_SIGNATURE) !== 0) throw new Error('no PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const types: string[] = [];
  let pos = 8;
  while (pos < bytes.length) {
    const length = view.getUint32(pos);
    const typeAndData = bytes.subarray(pos + 4, pos + 8 + length);
    const type = String.fromCharCode(...typeAndData.subarray(0, 4));
    if (view.getUint32(pos + 8 + length) !== crc32(typeAndData)) throw new Error(`bad CRC in ${type}`);
    types.push(type);
    pos += 12 + length;
  }
  if (pos !== bytes.length) throw new Error('trailing bytes');
  return types;
}

// ---- WebP ------------------------------------------------------------------------------

export function riffChunk(type: string, data: Uint8Array | number[]): Uint8Array {
  return concat(ascii(type), u32le(data.length), data, data.length % 2 === 1 ? [0] : []);
}

export const riff = (...chunks: Uint8Array[]) => {
  const body = concat(ascii('WEBP'), ...chunks);
  return concat(ascii('RIFF'), u32le(body.length), body);
};

/** VP8X flag bits. */
export const VP8X_FLAGS = { icc: 0x20, alpha: 0x10, exif: 0x08, xmp: 0x04, animation: 0x02 };

const vp8x = (flags: number) => riffChunk('VP8X', [flags, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

/** An extended WebP (VP8X) with an ICC profile, a lossless bitstream (odd size), EXIF (odd size) and XMP. */
export function webpWithMetadata(): { image: Uint8Array; stripped: Uint8Array } {
  const { icc, alpha, exif, xmp } = VP8X_FLAGS;
  const iccp = riffChunk('ICCP', ascii('not a real profile'));
  const vp8l = riffChunk('VP8L', [0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07]);
  const exifChunk = riffChunk('EXIF', concat(fakeGpsTiff(), [0]));
  const xmpChunk = riffChunk('XMP ', concat(ascii('<x:xmpmeta>'), GPS_MARKER, ascii('</x:xmpmeta>')));
  return {
    image: riff(vp8x(icc | alpha | exif | xmp), iccp, vp8l, exifChunk, xmpChunk),
    stripped: riff(vp8x(icc | alpha), iccp, vp8l),
  };
}

/** The chunks of a WebP; throws unless the RIFF size is the file's length minus 8 and every chunk fits. */
export function webpChunks(bytes: Uint8Array): { types: string[]; flags: number | null } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WEBP') throw new Error('not a WebP');
  if (view.getUint32(4, true) !== bytes.length - 8) throw new Error(`RIFF size ${view.getUint32(4, true)} ≠ ${bytes.length - 8}`);
  const types: string[] = [];
  let flags: number | null = null;
  let pos = 12;
  while (pos < bytes.length) {
    const size = view.getUint32(pos + 4, true);
    if (tag(pos) === 'VP8X') flags = bytes[pos + 8] as number;
    types.push(tag(pos));
    pos += 8 + size + (size % 2);
  }
  if (pos !== bytes.length) throw new Error('chunks overrun the file');
  return { types, flags };
}

// ---- EXIF orientation ------------------------------------------------------------------

type ByteOrder = 'II' | 'MM';
const u16of = (order: ByteOrder, value: number) => (order === 'II' ? u16be(value).reverse() : u16be(value));
const u32of = (order: ByteOrder, value: number) => (order === 'II' ? u32le(value) : u32be(value));

/**
 * A TIFF/EXIF block in either byte order: IFD0 with Make, an Orientation SHORT (when given)
 * and a GPSInfo pointer to a GPS IFD holding `GPS_MARKER`. Offsets, for tests that damage
 * it: IFD0 at 8 (entry count), then 12-byte entries from 10; with an orientation, its entry
 * is the second: tag at 22, type at 24, count at 26, value at 30.
 */
export function orientedGpsTiff(order: ByteOrder, orientation?: number): Uint8Array {
  const entries = orientation === undefined ? 2 : 3;
  const gpsIfd = 8 + 2 + entries * 12 + 4;
  const make = gpsIfd + 2 + 12 + 4;
  const marker = make + 6;
  const entry = (tag: number, type: number, count: number, value: number[]) => [...u16of(order, tag), ...u16of(order, type), ...u32of(order, count), ...value];
  return concat(
    ascii(order), u16of(order, 42), u32of(order, 8),
    u16of(order, entries),
    entry(0x010f, 2, 6, u32of(order, make)),
    orientation === undefined ? [] : entry(0x0112, 3, 1, [...u16of(order, orientation), 0, 0]),
    entry(0x8825, 4, 1, u32of(order, gpsIfd)),
    u32of(order, 0),
    u16of(order, 1), entry(0x0012, 2, GPS_MARKER.length + 1, u32of(order, marker)), u32of(order, 0),
    ascii('Phone'), [0],
    GPS_MARKER, [0],
  );
}

/** `Exif\0\0` followed by `tiff`, as a JPEG APP1 (and some WebP EXIF chunks) hold it. */
export const withExifHeader = (tiff: Uint8Array) => concat(ascii('Exif'), [0, 0], tiff);

/** IFD0 of a TIFF block, read independently of the code under test; throws on a bad header. */
export function readIfd0(tiff: Uint8Array): {
  order: ByteOrder;
  entries: { tag: number; type: number; count: number; value: number }[];
  nextIfd: number;
  length: number;
} {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0]!, tiff[1]!);
  if (order !== 'II' && order !== 'MM') throw new Error(`bad byte order ${order}`);
  const le = order === 'II';
  if (view.getUint16(2, le) !== 42) throw new Error('bad TIFF magic');
  const ifd0 = view.getUint32(4, le);
  const entries = Array.from({ length: view.getUint16(ifd0, le) }, (_, i) => {
    const at = ifd0 + 2 + i * 12;
    const type = view.getUint16(at + 2, le);
    return { tag: view.getUint16(at, le), type, count: view.getUint32(at + 4, le), value: type === 3 ? view.getUint16(at + 8, le) : view.getUint32(at + 8, le) };
  });
  return { order, entries, nextIfd: view.getUint32(ifd0 + 2 + entries.length * 12, le), length: tiff.length };
}

/** A JPEG with an EXIF APP1 holding `tiff` after SOI and APP0, then XMP, ICC, COM and the image; `head` and `tail` are what must remain around the EXIF's place. */
export function jpegWithExif(tiff: Uint8Array): { image: Uint8Array; head: Uint8Array; tail: Uint8Array } {
  const [soi, app0, icc, ...image] = jpegWithMetadata().kept as [Uint8Array, Uint8Array, Uint8Array, ...Uint8Array[]];
  const xmp = segment(0xe1, concat(ascii('http://ns.adobe.com/xap/1.0/'), [0], ascii('<x:xmpmeta>'), GPS_MARKER, ascii('</x:xmpmeta>')));
  const com = segment(0xfe, concat(ascii('taken at '), GPS_MARKER));
  return {
    image: concat(soi, app0, segment(0xe1, withExifHeader(tiff)), xmp, icc, com, ...image),
    head: concat(soi, app0),
    tail: concat(icc, ...image),
  };
}

/** A 1×1 PNG with an `eXIf` chunk holding `tiff` and a `tEXt`; `head` and `tail` are what must remain around the eXIf's place. */
export function pngWithExif(tiff: Uint8Array): { image: Uint8Array; head: Uint8Array; tail: Uint8Array } {
  const head = concat(PNG_SIGNATURE, pngChunk('IHDR', [...u32be(1), ...u32be(1), 8, 6, 0, 0, 0]));
  const tail = concat(pngChunk('IDAT', deflateSync(Uint8Array.from([0, 255, 0, 0, 255]))), pngChunk('IEND', []));
  return { image: concat(head, pngChunk('eXIf', tiff), pngChunk('tEXt', concat(ascii('Comment'), [0], GPS_MARKER)), tail), head, tail };
}

/**
 * An extended WebP with ICC, a lossless bitstream, an `EXIF` chunk holding `exif` and XMP;
 * `expected(data)` is it without metadata, or with only an `EXIF` chunk holding `data`
 * (and its VP8X flag) in the original's place.
 */
export function webpWithExif(exif: Uint8Array): { image: Uint8Array; expected: (data?: Uint8Array) => Uint8Array } {
  const { icc, alpha, xmp } = VP8X_FLAGS;
  const iccp = riffChunk('ICCP', ascii('not a real profile'));
  const vp8l = riffChunk('VP8L', [0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07]);
  const xmpChunk = riffChunk('XMP ', concat(ascii('<x:xmpmeta>'), GPS_MARKER, ascii('</x:xmpmeta>')));
  return {
    image: riff(vp8x(icc | alpha | VP8X_FLAGS.exif | xmp), iccp, vp8l, riffChunk('EXIF', exif), xmpChunk),
    expected: (data) =>
      data ? riff(vp8x(icc | alpha | VP8X_FLAGS.exif), iccp, vp8l, riffChunk('EXIF', data)) : riff(vp8x(icc | alpha), iccp, vp8l),
  };
}

/** The data of the first chunk of `type` in a WebP (without padding), or undefined. */
export function webpChunkData(bytes: Uint8Array, type: string): Uint8Array | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 12; pos + 8 <= bytes.length; ) {
    const size = view.getUint32(pos + 4, true);
    if (String.fromCharCode(...bytes.subarray(pos, pos + 4)) === type) return bytes.subarray(pos + 8, pos + 8 + size);
    pos += 8 + size + (size % 2);
  }
  return undefined;
}

// ---- Structure and size ----------------------------------------------------------------

/** A valid PNG whose IHDR declares `width`×`height` (the pixel data does not match: nothing decodes it). */
export function pngDeclaring(width: number, height: number): Uint8Array {
  return concat(
    PNG_SIGNATURE,
    pngChunk('IHDR', [...u32be(width), ...u32be(height), 8, 6, 0, 0, 0]),
    pngChunk('IDAT', deflateSync(Uint8Array.from([0, 255, 0, 0, 255]))),
    pngChunk('IEND', []),
  );
}

/** The `jpegWithMetadata` image with its SOF0 declaring `width`×`height`. */
export function jpegDeclaring(width: number, height: number): Uint8Array {
  const image = jpegWithMetadata().stripped.slice();
  const sof = indexOfBytes(image, Uint8Array.from([0xff, 0xc0]));
  image.set([...u16be(height), ...u16be(width)], sof + 5);
  return image;
}

/** A simple lossless WebP whose VP8L header declares `width`×`height` (each 1–16384). */
export function webpLosslessDeclaring(width: number, height: number): Uint8Array {
  const bits = (width - 1) | ((height - 1) << 14);
  return riff(riffChunk('VP8L', [0x2f, ...u32le(bits >>> 0), 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07]));
}

/** A simple lossy WebP whose VP8 frame header declares `width`×`height` (each up to 16383). */
export function webpLossyDeclaring(width: number, height: number): Uint8Array {
  // Frame tag (key frame), start code, 14-bit width and height (no scaling), then a stub of data.
  return riff(riffChunk('VP8 ', [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a, width & 0xff, width >> 8, height & 0xff, height >> 8, 0, 0]));
}

/** An extended WebP whose VP8X canvas is `width`×`height` (each 1–2^24), around a 1×1 lossless bitstream. */
export function webpExtendedDeclaring(width: number, height: number): Uint8Array {
  const canvas = [...u32le(width - 1).slice(0, 3), ...u32le(height - 1).slice(0, 3)];
  return riff(riffChunk('VP8X', [0, 0, 0, 0, ...canvas]), webpLosslessDeclaring(1, 1).subarray(12));
}
