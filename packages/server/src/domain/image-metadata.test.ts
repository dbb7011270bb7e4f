import { describe, expect, it } from 'vitest';
import {
  GPS_MARKER,
  PNG_SIGNATURE,
  VP8X_FLAGS,
  concat,
  fakeGpsTiff,
  indexOfBytes,
  jpegDeclaring,
  jpegMarkers,
  jpegWithExif,
  jpegWithMetadata,
  orientedGpsTiff,
  pngChunk,
  pngChunks,
  pngDeclaring,
  pngWithExif,
  pngWithMetadata,
  readIfd0,
  riff,
  riffChunk,
  webpChunkData,
  webpChunks,
  webpExtendedDeclaring,
  webpLosslessDeclaring,
  webpLossyDeclaring,
  webpWithExif,
  webpWithMetadata,
  withExifHeader,
} from '../../tests/support/images';
import { IMAGES } from '../../tests/support/harness';
import { stripImageMetadata, type ReadableImage } from './image-metadata';
import type { ImageType } from './images';

const TYPES: ImageType[] = ['image/jpeg', 'image/png', 'image/webp'];

/** The result for an image that must be readable. */
function readable(bytes: Uint8Array, type: ImageType): ReadableImage {
  const result = stripImageMetadata(bytes, type);
  if (!result.parsed) throw new Error('unreadable');
  return result;
}

/** Asserts none of the fake GPS data survived. */
function expectNoGps(bytes: Uint8Array) {
  expect(indexOfBytes(bytes, GPS_MARKER)).toBe(-1);
  expect(indexOfBytes(bytes, fakeGpsTiff())).toBe(-1);
  expect(indexOfBytes(bytes, Uint8Array.from([0x88, 0x25]))).toBe(-1); // the GPSInfo tag
}

/** Every prefix, plus copies with one byte changed at a range of places. */
function* damaged(image: Uint8Array): Generator<Uint8Array> {
  for (let length = 0; length < image.length; length++) yield image.slice(0, length);
  for (let at = 0; at < image.length; at++) {
    for (const value of [0x00, 0xff, 0x7f, (image[at]! + 1) & 0xff]) {
      const copy = image.slice();
      copy[at] = value;
      yield copy;
    }
  }
}

describe('stripImageMetadata: JPEG', () => {
  it('drops APP1 (EXIF, XMP), APP13 and COM and keeps every other byte as it was', () => {
    const { image, stripped } = jpegWithMetadata();
    expect(indexOfBytes(image, GPS_MARKER)).toBeGreaterThan(0);
    const result = readable(image, 'image/jpeg');
    expect(result.parsed).toBe(true);
    expect(result.removed).toEqual(['APP1', 'APP1', 'APP13', 'COM']);
    expect(result.bytes).toEqual(stripped);
    expectNoGps(result.bytes);
    expect(indexOfBytes(result.bytes, new TextEncoder().encode('xmpmeta'))).toBe(-1);
    // SOI, APP0, APP2 (ICC), DQT, SOF0, DHT, SOS … EOI.
    expect(jpegMarkers(result.bytes)).toEqual([0xe0, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]);
  });

  it('returns an image without metadata untouched (the same array)', () => {
    const { stripped } = jpegWithMetadata();
    const result = readable(stripped, 'image/jpeg');
    expect(result).toEqual({ bytes: stripped, removed: [], parsed: true, dimensions: { width: 1, height: 1 } });
    expect(result.parsed && result.bytes).toBe(stripped);
    expect(stripImageMetadata(IMAGES.jpeg, 'image/jpeg')).toEqual({ bytes: IMAGES.jpeg, removed: [], parsed: true, dimensions: { width: 1, height: 1 } });
  });

  it('gives no bytes back for input it cannot follow', () => {
    const { image } = jpegWithMetadata();
    const app1 = indexOfBytes(image, Uint8Array.from([0xff, 0xe1]));
    for (const bad of [
      image.slice(0, app1 + 10), // truncated inside APP1
      concat(image.subarray(0, app1 + 2), [0xff, 0xff], image.subarray(app1 + 4)), // APP1 length past the end
      concat(image.subarray(0, app1), [0x00], image.subarray(app1)), // junk between segments
      concat(image.subarray(0, app1 + 2), [0, 1], image.subarray(app1 + 4)), // length below 2
      Uint8Array.from([0xff, 0xd8, 0xff]),
      Uint8Array.from([0xff, 0xd8, 0xff, 0xff, 0xff]),
      concat(image.subarray(0, image.length - 4)), // truncated inside the scan: no EOI
      concat(image.subarray(0, image.length - 2)), // only the EOI missing
      jpegWithMetadata().kept.filter((_, i) => i !== 4).reduce((all, part) => concat(all, part)), // no SOF
      Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]), // no scan
    ]) {
      expect(stripImageMetadata(bad, 'image/jpeg')).toEqual({ parsed: false });
    }
  });

  it('drops a stray byte between segments together with the whole file, GPS included', () => {
    const { image } = jpegWithMetadata();
    const dqt = indexOfBytes(image, Uint8Array.from([0xff, 0xdb]));
    expect(stripImageMetadata(concat(image.subarray(0, dqt), [0x00], image.subarray(dqt)), 'image/jpeg')).toEqual({ parsed: false });
  });

  it('follows every scan to EOI and drops what comes after it', () => {
    const { image, stripped } = jpegWithMetadata();
    // A second embedded JPEG (as a multi-picture preview) with its own EXIF, then junk.
    const result = readable(concat(image, image, [1, 2, 3]), 'image/jpeg');
    expect(result).toMatchObject({ parsed: true, removed: ['APP1', 'APP1', 'APP13', 'COM', 'trailing bytes'] });
    expect(result.parsed && result.bytes).toEqual(stripped);
    const clean = stripImageMetadata(concat(stripped, [0, 0]), 'image/jpeg');
    expect(clean).toEqual({ bytes: stripped, removed: ['trailing bytes'], parsed: true, dimensions: { width: 1, height: 1 } });
  });

  it('reads the declared size from SOF', () => {
    expect(stripImageMetadata(jpegDeclaring(4032, 3024), 'image/jpeg')).toMatchObject({ parsed: true, dimensions: { width: 4032, height: 3024 } });
    expect(stripImageMetadata(jpegDeclaring(0, 10), 'image/jpeg')).toEqual({ parsed: false });
  });
});

describe('stripImageMetadata: PNG', () => {
  it('drops eXIf, tEXt, zTXt and iTXt and keeps the other chunks with valid CRCs', () => {
    const { image, stripped } = pngWithMetadata();
    expect(pngChunks(image)).toEqual(['IHDR', 'gAMA', 'eXIf', 'tEXt', 'IDAT', 'zTXt', 'iTXt', 'IEND']);
    const result = readable(image, 'image/png');
    expect(result).toMatchObject({ parsed: true, removed: ['eXIf', 'tEXt', 'zTXt', 'iTXt'] });
    expect(result.bytes).toEqual(stripped);
    expect(pngChunks(result.bytes)).toEqual(['IHDR', 'gAMA', 'IDAT', 'IEND']);
    expectNoGps(result.bytes);
  });

  it('drops bytes after IEND, leaves clean PNGs untouched and gives nothing back for unreadable ones', () => {
    const { image, stripped } = pngWithMetadata();
    const trailer = Uint8Array.from([1, 2, 3]);
    expect(stripImageMetadata(concat(image, trailer), 'image/png')).toMatchObject({ bytes: stripped, removed: ['eXIf', 'tEXt', 'zTXt', 'iTXt', 'trailing bytes'] });
    expect(stripImageMetadata(concat(stripped, trailer), 'image/png')).toEqual({ bytes: stripped, removed: ['trailing bytes'], parsed: true, dimensions: { width: 1, height: 1 } });
    const clean = stripImageMetadata(stripped, 'image/png');
    expect(clean.parsed && clean.bytes).toBe(stripped);
    const noEnd = concat(PNG_SIGNATURE, pngChunk('tEXt', [0x41, 0, 0x42]));
    expect(stripImageMetadata(noEnd, 'image/png')).toEqual({ parsed: false });
    const badType = concat(PNG_SIGNATURE, [0, 0, 0, 0, 0x31, 0x32, 0x33, 0x34, 0, 0, 0, 0], pngChunk('IEND', []));
    expect(stripImageMetadata(badType, 'image/png').parsed).toBe(false);
    // IHDR must come first; a truncated IHDR is unreadable.
    expect(stripImageMetadata(concat(PNG_SIGNATURE, pngChunk('IEND', [])), 'image/png')).toEqual({ parsed: false });
    expect(stripImageMetadata(pngDeclaring(1, 1).subarray(0, 29), 'image/png')).toEqual({ parsed: false });
  });

  it('reads the declared size from IHDR', () => {
    expect(stripImageMetadata(pngDeclaring(100_000, 100_000), 'image/png')).toMatchObject({ parsed: true, dimensions: { width: 100_000, height: 100_000 } });
    expect(stripImageMetadata(pngDeclaring(0, 1), 'image/png')).toEqual({ parsed: false });
  });
});

describe('stripImageMetadata: WebP', () => {
  it('drops EXIF and XMP chunks, clears their VP8X flags and fixes the RIFF size', () => {
    const { image, stripped } = webpWithMetadata();
    expect(webpChunks(image).types).toEqual(['VP8X', 'ICCP', 'VP8L', 'EXIF', 'XMP ']);
    const result = readable(image, 'image/webp');
    expect(result).toMatchObject({ parsed: true, removed: ['EXIF', 'XMP '] });
    expect(result.bytes).toEqual(stripped);
    const { types, flags } = webpChunks(result.bytes);
    expect(types).toEqual(['VP8X', 'ICCP', 'VP8L']);
    expect(flags).toBe(VP8X_FLAGS.icc | VP8X_FLAGS.alpha);
    expectNoGps(result.bytes);
  });

  it('clears a stale EXIF flag even without the chunk, and leaves simple WebP alone', () => {
    const vp8l = riffChunk('VP8L', [0x2f, 0, 0, 0, 0x10]);
    const stale = riff(riffChunk('VP8X', [VP8X_FLAGS.exif, 0, 0, 0, 0, 0, 0, 0, 0, 0]), vp8l);
    const result = readable(stale, 'image/webp');
    expect(result.removed).toEqual([]);
    expect(webpChunks(result.bytes).flags).toBe(0);
    const simple = riff(vp8l);
    expect(stripImageMetadata(simple, 'image/webp')).toEqual({ bytes: simple, removed: [], parsed: true, dimensions: { width: 1, height: 1 } });
    // A RIFF size past the end of the file: unreadable.
    expect(stripImageMetadata(concat(simple.subarray(0, 4), [0xff, 0, 0, 0], simple.subarray(8)), 'image/webp')).toEqual({ parsed: false });
  });

  it('drops bytes after the RIFF container', () => {
    const simple = webpLosslessDeclaring(1, 1);
    expect(stripImageMetadata(concat(simple, [1, 2, 3]), 'image/webp')).toEqual({ bytes: simple, removed: ['trailing bytes'], parsed: true, dimensions: { width: 1, height: 1 } });
    const { image, stripped } = webpWithMetadata();
    expect(stripImageMetadata(concat(image, [1, 2, 3]), 'image/webp')).toMatchObject({ bytes: stripped, removed: ['EXIF', 'XMP ', 'trailing bytes'] });
  });

  it('reads the declared size from VP8X, VP8L and VP8', () => {
    expect(stripImageMetadata(webpLosslessDeclaring(16_384, 3), 'image/webp')).toMatchObject({ parsed: true, dimensions: { width: 16_384, height: 3 } });
    expect(stripImageMetadata(webpLossyDeclaring(640, 16_383), 'image/webp')).toMatchObject({ parsed: true, dimensions: { width: 640, height: 16_383 } });
    expect(stripImageMetadata(webpExtendedDeclaring(100_000, 100_000), 'image/webp')).toMatchObject({ parsed: true, dimensions: { width: 100_000, height: 100_000 } });
    // Without a bitstream the size is unknown: unreadable.
    expect(stripImageMetadata(riff(riffChunk('ICCP', [1, 2])), 'image/webp')).toEqual({ parsed: false });
  });
});

describe('stripImageMetadata: EXIF orientation', () => {
  const ORDERS = ['II', 'MM'] as const;
  /** What the minimal EXIF must be: IFD0 with the one Orientation entry, no next IFD. */
  const orientationOnly = (order: 'II' | 'MM', value: number) => ({
    order,
    entries: [{ tag: 0x0112, type: 3, count: 1, value }],
    nextIfd: 0,
    length: 26,
  });
  /** No GPS data, in either byte order, nor anything else of the original EXIF. */
  const expectNothingElse = (bytes: Uint8Array) => {
    expectNoGps(bytes);
    expect(indexOfBytes(bytes, Uint8Array.from([0x25, 0x88]))).toBe(-1);
    expect(indexOfBytes(bytes, new TextEncoder().encode('Phone'))).toBe(-1);
    expect(indexOfBytes(bytes, new TextEncoder().encode('xmpmeta'))).toBe(-1);
  };
  /** The orientation-6 TIFF damaged in ways that must make the EXIF plainly dropped. */
  const malformed = (order: 'II' | 'MM'): [string, Uint8Array][] => {
    const tiff = orientedGpsTiff(order, 6);
    const le = order === 'II';
    const edit = (change: (view: DataView) => void) => {
      const copy = tiff.slice();
      change(new DataView(copy.buffer));
      return copy;
    };
    return [
      ['empty', tiff.slice(0, 0)],
      ['header only', tiff.slice(0, 8)],
      ['truncated IFD0', tiff.slice(0, 40)],
      ['mixed byte order', edit((view) => view.setUint16(0, 0x494d))],
      ['bad magic', edit((view) => view.setUint16(2, 43, le))],
      ['IFD0 past the end', edit((view) => view.setUint32(4, 0xfffffff0, le))],
      ['IFD0 inside the header', edit((view) => view.setUint32(4, 2, le))],
      ['entry count past the end', edit((view) => view.setUint16(8, 500, le))],
      ['orientation as LONG', edit((view) => view.setUint16(24, 4, le))],
      ['orientation count 2', edit((view) => view.setUint32(26, 2, le))],
      ['orientation 0', edit((view) => view.setUint16(30, 0, le))],
      ['orientation 9', edit((view) => view.setUint16(30, 9, le))],
    ];
  };

  it.each(ORDERS)('JPEG (%s): replaces the EXIF APP1 in place by one holding only the orientation', (order) => {
    const { image, head, tail } = jpegWithExif(orientedGpsTiff(order, 6));
    expect(indexOfBytes(image, GPS_MARKER)).toBeGreaterThan(0);
    const result = readable(image, 'image/jpeg');
    expect(result).toMatchObject({ parsed: true, removed: ['APP1', 'APP1', 'COM'], keptOrientation: 6 });
    // Every other byte as it was: only the APP1 between APP0 and the ICC profile is new.
    expect(result.bytes.subarray(0, head.length)).toEqual(head);
    expect(result.bytes.subarray(result.bytes.length - tail.length)).toEqual(tail);
    const app1 = result.bytes.subarray(head.length, result.bytes.length - tail.length);
    expect([...app1.subarray(0, 10)]).toEqual([0xff, 0xe1, 0, app1.length - 2, ...new TextEncoder().encode('Exif'), 0, 0]);
    expect(readIfd0(app1.subarray(10))).toEqual(orientationOnly(order, 6));
    expect(jpegMarkers(result.bytes)).toEqual([0xe0, 0xe1, 0xe2, 0xdb, 0xc0, 0xc4, 0xda]);
    expectNothingElse(result.bytes);
  });

  it('JPEG: drops the EXIF entirely when its orientation is 1, absent or unreadable', () => {
    const cases: [string, Uint8Array][] = [
      ['orientation 1', orientedGpsTiff('MM', 1)],
      ['no orientation', orientedGpsTiff('II')],
      ...ORDERS.flatMap(malformed),
    ];
    for (const [label, tiff] of cases) {
      const { image, head, tail } = jpegWithExif(tiff);
      const result = readable(image, 'image/jpeg');
      expect(result, label).toEqual({ bytes: concat(head, tail), removed: ['APP1', 'APP1', 'COM'], parsed: true, dimensions: { width: 1, height: 1 } });
    }
  });

  it('JPEG: keeps the orientation of the first EXIF APP1 only', () => {
    const { image, head, tail } = jpegWithExif(orientedGpsTiff('MM', 6));
    const second = concat([0xff, 0xe1, 0, withExifHeader(orientedGpsTiff('II', 8)).length + 2], withExifHeader(orientedGpsTiff('II', 8)));
    const result = readable(concat(image.subarray(0, head.length), second, image.subarray(head.length)), 'image/jpeg');
    expect(result).toMatchObject({ removed: ['APP1', 'APP1', 'APP1', 'COM'], keptOrientation: 8 });
    expect(jpegMarkers(result.bytes).filter((marker) => marker === 0xe1)).toHaveLength(1);
    expect(readIfd0(result.bytes.subarray(head.length + 10, result.bytes.length - tail.length))).toEqual(orientationOnly('II', 8));
  });

  it.each(ORDERS)('PNG (%s): replaces eXIf in place by a minimal one with a valid CRC', (order) => {
    const { image, head, tail } = pngWithExif(orientedGpsTiff(order, 8));
    const result = readable(image, 'image/png');
    expect(result).toMatchObject({ parsed: true, removed: ['eXIf', 'tEXt'], keptOrientation: 8 });
    expect(pngChunks(result.bytes)).toEqual(['IHDR', 'eXIf', 'IDAT', 'IEND']); // checks every CRC
    const exif = result.bytes.subarray(head.length, result.bytes.length - tail.length);
    expect(concat(head, exif, tail)).toEqual(result.bytes);
    expect(exif).toEqual(pngChunk('eXIf', exif.subarray(8, -4)));
    expect(readIfd0(exif.subarray(8, -4))).toEqual(orientationOnly(order, 8));
    expectNothingElse(result.bytes);
  });

  it('PNG: drops eXIf entirely when its orientation is 1 or unreadable', () => {
    for (const [label, tiff] of [['orientation 1', orientedGpsTiff('II', 1)] as [string, Uint8Array], ...malformed('MM')]) {
      const { image, head, tail } = pngWithExif(tiff);
      expect(stripImageMetadata(image, 'image/png'), label).toEqual({ bytes: concat(head, tail), removed: ['eXIf', 'tEXt'], parsed: true, dimensions: { width: 1, height: 1 } });
    }
  });

  it.each([
    ['II, odd size', concat(orientedGpsTiff('II', 3), [0])],
    ['MM, after Exif\\0\\0', withExifHeader(orientedGpsTiff('MM', 3))],
  ])('WebP (%s): replaces EXIF by a minimal chunk, keeps its flag, drops XMP and fixes the RIFF size', (_, exif) => {
    const { image, expected } = webpWithExif(exif);
    const result = readable(image, 'image/webp');
    expect(result).toMatchObject({ parsed: true, removed: ['EXIF', 'XMP '], keptOrientation: 3 });
    const { types, flags } = webpChunks(result.bytes); // checks the RIFF size
    expect(types).toEqual(['VP8X', 'ICCP', 'VP8L', 'EXIF']);
    expect(flags).toBe(VP8X_FLAGS.icc | VP8X_FLAGS.alpha | VP8X_FLAGS.exif);
    const data = webpChunkData(result.bytes, 'EXIF')!;
    expect(readIfd0(data)).toEqual(orientationOnly(exif[0] === 0x49 ? 'II' : 'MM', 3));
    expect(result.bytes).toEqual(expected(data));
    expectNothingElse(result.bytes);
  });

  it('WebP: drops EXIF entirely, flag cleared, when its orientation is 1 or unreadable', () => {
    for (const [label, tiff] of [['orientation 1', orientedGpsTiff('MM', 1)] as [string, Uint8Array], ...malformed('II')]) {
      const { image, expected } = webpWithExif(tiff);
      expect(stripImageMetadata(image, 'image/webp'), label).toEqual({ bytes: expected(), removed: ['EXIF', 'XMP '], parsed: true, dimensions: { width: 1, height: 1 } });
    }
  });
});

describe('stripImageMetadata on damaged input', () => {
  it('never throws, never grows the file, and returns the input itself when it changes nothing', () => {
    const samples: [ImageType, Uint8Array][] = [
      ['image/jpeg', jpegWithMetadata().image],
      ['image/png', pngWithMetadata().image],
      ['image/webp', webpWithMetadata().image],
      // With an orientation to keep, so the EXIF parser gets damaged input too.
      ['image/jpeg', jpegWithExif(orientedGpsTiff('II', 6)).image],
      ['image/png', pngWithExif(orientedGpsTiff('MM', 8)).image],
      ['image/webp', webpWithExif(orientedGpsTiff('II', 3)).image],
    ];
    for (const [, image] of samples) {
      for (const bad of damaged(image)) {
        for (const asType of TYPES) {
          const result = stripImageMetadata(bad, asType);
          if (!result.parsed) continue;
          expect(result.bytes.length).toBeLessThanOrEqual(bad.length);
          if (result.removed.length === 0 && asType !== 'image/webp') expect(result.bytes).toBe(bad);
        }
      }
    }
  });
});
