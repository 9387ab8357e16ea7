import { EkycError } from '../../shared/errors';
import { findTag, readAll, readTlv, TlvError, type Tlv } from './tlv';

/**
 * The Logical Data Structure's files (ICAO 9303 Part 10): EF.COM's list of data groups,
 * DG1's MRZ and DG2's face image (an ISO/IEC 19794-5 facial record). Every parser takes
 * the whole file as read from the chip and throws CHIP_PROTOCOL on anything malformed.
 */

/** Data group numbers by their LDS tag (Part 10, table 34). */
const DG_BY_TAG: Record<number, number> = {
  0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8,
  0x69: 9, 0x6a: 10, 0x6b: 11, 0x6c: 12, 0x6d: 13, 0x6e: 14, 0x6f: 15, 0x70: 16,
};

export function dataGroupTag(dg: number): number {
  const entry = Object.entries(DG_BY_TAG).find(([, n]) => n === dg);
  if (!entry) throw new Error(`no data group ${dg}`);
  return Number(entry[0]);
}

function parse<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof EkycError) throw err;
    throw new EkycError('CHIP_PROTOCOL', `${what} is malformed: ${(err as TlvError).message}`);
  }
}

function outer(bytes: Uint8Array, tag: number, what: string): Tlv {
  const t = readTlv(bytes);
  if (t.tag !== tag) throw new EkycError('CHIP_PROTOCOL', `${what} starts with tag ${t.tag.toString(16)}, not ${tag.toString(16)}`);
  return t;
}

export interface EfCom {
  /** LDS version, e.g. "0107" for 1.7. */
  ldsVersion: string;
  unicodeVersion: string;
  /** The data groups the chip says it holds, by number. */
  dataGroups: number[];
}

export function parseCom(bytes: Uint8Array): EfCom {
  return parse('EF.COM', () => {
    const com = outer(bytes, 0x60, 'EF.COM');
    const version = findTag(com.value, 0x5f01);
    const unicode = findTag(com.value, 0x5f36);
    const list = findTag(com.value, 0x5c);
    if (!list) throw new EkycError('CHIP_PROTOCOL', 'EF.COM has no list of data groups (tag 5C)');
    const dataGroups = [...list.value].map((tag) => {
      const dg = DG_BY_TAG[tag];
      if (dg === undefined) throw new EkycError('CHIP_PROTOCOL', `EF.COM lists unknown data group tag ${tag.toString(16)}`);
      return dg;
    });
    return { ldsVersion: version?.value.toString('latin1') ?? '', unicodeVersion: unicode?.value.toString('latin1') ?? '', dataGroups };
  });
}

/** MRZ lengths by format: TD1 3 lines of 30, TD2 2 of 36, TD3 2 of 44. */
const LINE_LENGTH: Record<number, { lines: number; length: number }> = {
  90: { lines: 3, length: 30 },
  72: { lines: 2, length: 36 },
  88: { lines: 2, length: 44 },
};

/** DG1: the MRZ as the issuer wrote it on the chip, split into its printed lines. */
export function parseDg1(bytes: Uint8Array): string[] {
  return parse('DG1', () => {
    const dg1 = outer(bytes, 0x61, 'DG1');
    const mrz = findTag(dg1.value, 0x5f1f);
    if (!mrz) throw new EkycError('CHIP_PROTOCOL', 'DG1 has no MRZ (tag 5F1F)');
    const text = mrz.value.toString('latin1');
    const shape = LINE_LENGTH[text.length];
    if (!shape || !/^[0-9A-Z<]+$/.test(text)) throw new EkycError('CHIP_PROTOCOL', `DG1's MRZ is not a TD1, TD2 or TD3 zone (${text.length} characters)`);
    return Array.from({ length: shape.lines }, (_, i) => text.slice(i * shape.length, (i + 1) * shape.length));
  });
}

export type ChipImageFormat = 'jpeg' | 'jpeg2000';

export interface ChipFaceImage {
  format: ChipImageFormat;
  /** As the facial record states them; the decoder has the last word. */
  width: number;
  height: number;
  data: Buffer;
}

const FAC = Buffer.from('FAC\0', 'latin1');
const JPEG_SOI = Buffer.from([0xff, 0xd8, 0xff]);
const JP2_SIGNATURE = Buffer.from('0000000C6A5020200D0A870A', 'hex');
const J2K_CODESTREAM = Buffer.from([0xff, 0x4f, 0xff, 0x51]);

/** The facial record's image data type: 0 JPEG, 1 JPEG 2000 (ISO/IEC 19794-5, 5.7.2). */
function imageFormat(type: number, data: Buffer): ChipImageFormat {
  // The bytes' own signature decides; a record whose type disagrees with them is malformed.
  const actual = data.subarray(0, 3).equals(JPEG_SOI) ? 'jpeg'
    : data.subarray(0, 12).equals(JP2_SIGNATURE) || data.subarray(0, 4).equals(J2K_CODESTREAM) ? 'jpeg2000' : undefined;
  const declared = type === 0 ? 'jpeg' : type === 1 ? 'jpeg2000' : undefined;
  if (!actual) throw new EkycError('CHIP_PROTOCOL', 'DG2\'s image is neither JPEG nor JPEG 2000');
  if (declared !== actual) throw new EkycError('CHIP_PROTOCOL', `DG2 declares image type ${type} but holds ${actual}`);
  return actual;
}

/** The face images of one ISO/IEC 19794-5 facial record (the biometric data block). */
function parseFacialRecord(bdb: Buffer): ChipFaceImage[] {
  if (bdb.length < 14 || !bdb.subarray(0, 4).equals(FAC)) throw new EkycError('CHIP_PROTOCOL', 'DG2\'s biometric data block is not an ISO 19794-5 facial record (the newer ISO 39794-5 encoding is not read yet)');
  const count = bdb.readUInt16BE(12);
  const images: ChipFaceImage[] = [];
  let off = 14;
  for (let i = 0; i < count; i++) {
    if (off + 20 > bdb.length) throw new EkycError('CHIP_PROTOCOL', 'DG2\'s facial record is truncated');
    const blockLength = bdb.readUInt32BE(off);
    const featurePoints = bdb.readUInt16BE(off + 4);
    const info = off + 20 + featurePoints * 8;
    const dataStart = info + 12;
    const end = off + blockLength;
    if (blockLength < 32 || dataStart > end || end > bdb.length) throw new EkycError('CHIP_PROTOCOL', 'DG2\'s facial record block lengths do not add up');
    const data = Buffer.from(bdb.subarray(dataStart, end));
    images.push({ format: imageFormat(bdb[info + 1], data), width: bdb.readUInt16BE(info + 2), height: bdb.readUInt16BE(info + 4), data });
    off = end;
  }
  return images;
}

/** DG2: every face image of every biometric information template. */
export function parseDg2(bytes: Uint8Array): ChipFaceImage[] {
  return parse('DG2', () => {
    const dg2 = outer(bytes, 0x75, 'DG2');
    const group = findTag(dg2.value, 0x7f61);
    if (!group) throw new EkycError('CHIP_PROTOCOL', 'DG2 has no biometric information group (tag 7F61)');
    const images: ChipFaceImage[] = [];
    for (const t of readAll(group.value)) {
      if (t.tag !== 0x7f60) continue;
      // The data block is 5F2E (plain) or 7F2E (constructed, Part 10 4.7.2.1); both carry the record.
      const bdb = findTag(t.value, 0x5f2e) ?? findTag(t.value, 0x7f2e);
      if (!bdb) throw new EkycError('CHIP_PROTOCOL', 'DG2\'s biometric template has no data block (5F2E/7F2E)');
      images.push(...parseFacialRecord(bdb.value));
    }
    if (images.length === 0) throw new EkycError('CHIP_PROTOCOL', 'DG2 holds no face image');
    return images;
  });
}
