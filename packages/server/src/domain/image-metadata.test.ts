import { describe, expect, it } from 'vitest';
import {
  GPS_MARKER,
  PNG_SIGNATURE,
  VP8X_FLAGS,
  concat,
  fakeGpsTiff,
  indexOfBytes,
  jpegMarkers,
  jpegWithMetadata,
  pngChunk,
  pngChunks,
  pngWithMetadata,
  riff,
  riffChunk,
  webpChunks,
  webpWithMetadata,
} from '../../tests/support/images';
import { IMAGES } from '../../tests/support/harness';
import { stripImageMetadata } from './image-metadata';
import type { ImageType } from './images';

const TYPES: ImageType[] = ['image/jpeg', 'image/png', 'image/webp'];

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
    const result = stripImageMetadata(image, 'image/jpeg');
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
    const result = stripImageMetadata(stripped, 'image/jpeg');
    expect(result).toEqual({ bytes: stripped, removed: [], parsed: true });
    expect(result.bytes).toBe(stripped);
    expect(stripImageMetadata(IMAGES.jpeg, 'image/jpeg')).toEqual({ bytes: IMAGES.jpeg, removed: [], parsed: true });
  });

  it('keeps input it cannot follow as it is', () => {
    const { image } = jpegWithMetadata();
    const app1 = indexOfBytes(image, Uint8Array.from([0xff, 0xe1]));
    for (const bad of [
      image.slice(0, app1 + 10), // truncated inside APP1
      concat(image.subarray(0, app1 + 2), [0xff, 0xff], image.subarray(app1 + 4)), // APP1 length past the end
      concat(image.subarray(0, app1), [0x00], image.subarray(app1)), // junk between segments
      concat(image.subarray(0, app1 + 2), [0, 1], image.subarray(app1 + 4)), // length below 2
      Uint8Array.from([0xff, 0xd8, 0xff]),
      Uint8Array.from([0xff, 0xd8, 0xff, 0xff, 0xff]),
    ]) {
      const result = stripImageMetadata(bad, 'image/jpeg');
      expect(result).toEqual({ bytes: bad, removed: [], parsed: false });
    }
  });
});

describe('stripImageMetadata: PNG', () => {
  it('drops eXIf, tEXt, zTXt and iTXt and keeps the other chunks with valid CRCs', () => {
    const { image, stripped } = pngWithMetadata();
    expect(pngChunks(image)).toEqual(['IHDR', 'gAMA', 'eXIf', 'tEXt', 'IDAT', 'zTXt', 'iTXt', 'IEND']);
    const result = stripImageMetadata(image, 'image/png');
    expect(result).toMatchObject({ parsed: true, removed: ['eXIf', 'tEXt', 'zTXt', 'iTXt'] });
    expect(result.bytes).toEqual(stripped);
    expect(pngChunks(result.bytes)).toEqual(['IHDR', 'gAMA', 'IDAT', 'IEND']);
    expectNoGps(result.bytes);
  });

  it('keeps bytes after IEND and leaves clean or unreadable PNGs untouched', () => {
    const { image, stripped } = pngWithMetadata();
    const trailer = Uint8Array.from([1, 2, 3]);
    expect(stripImageMetadata(concat(image, trailer), 'image/png').bytes).toEqual(concat(stripped, trailer));
    expect(stripImageMetadata(stripped, 'image/png').bytes).toBe(stripped);
    // The harness's PNG stops inside IHDR: kept as is.
    expect(stripImageMetadata(IMAGES.png, 'image/png')).toEqual({ bytes: IMAGES.png, removed: [], parsed: false });
    const noEnd = concat(PNG_SIGNATURE, pngChunk('tEXt', [0x41, 0, 0x42]));
    expect(stripImageMetadata(noEnd, 'image/png')).toEqual({ bytes: noEnd, removed: [], parsed: false });
    const badType = concat(PNG_SIGNATURE, [0, 0, 0, 0, 0x31, 0x32, 0x33, 0x34, 0, 0, 0, 0], pngChunk('IEND', []));
    expect(stripImageMetadata(badType, 'image/png').parsed).toBe(false);
  });
});

describe('stripImageMetadata: WebP', () => {
  it('drops EXIF and XMP chunks, clears their VP8X flags and fixes the RIFF size', () => {
    const { image, stripped } = webpWithMetadata();
    expect(webpChunks(image).types).toEqual(['VP8X', 'ICCP', 'VP8L', 'EXIF', 'XMP ']);
    const result = stripImageMetadata(image, 'image/webp');
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
    const result = stripImageMetadata(stale, 'image/webp');
    expect(result.removed).toEqual([]);
    expect(webpChunks(result.bytes).flags).toBe(0);
    const simple = riff(vp8l);
    expect(stripImageMetadata(simple, 'image/webp')).toEqual({ bytes: simple, removed: [], parsed: true });
    // The harness's WebP claims more bytes than it has: kept as is.
    expect(stripImageMetadata(IMAGES.webp, 'image/webp')).toEqual({ bytes: IMAGES.webp, removed: [], parsed: false });
  });
});

describe('stripImageMetadata on damaged input', () => {
  it('never throws, and either parses or returns the input untouched', () => {
    const samples: [ImageType, Uint8Array][] = [
      ['image/jpeg', jpegWithMetadata().image],
      ['image/png', pngWithMetadata().image],
      ['image/webp', webpWithMetadata().image],
    ];
    for (const [, image] of samples) {
      for (const bad of damaged(image)) {
        for (const asType of TYPES) {
          const result = stripImageMetadata(bad, asType);
          expect(result.bytes.length).toBeLessThanOrEqual(bad.length);
          if (!result.parsed || (result.removed.length === 0 && asType !== 'image/webp')) expect(result.bytes).toBe(bad);
        }
      }
    }
  });
});
