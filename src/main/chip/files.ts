import { EkycError } from '../../shared/errors';
import { SW, swHex } from './apdu';
import { encodeTlv, readAll, readHeader, TlvError } from './tlv';
import type { ApduChannel } from './transport';

/** The eMRTD's LDS1 application (ICAO 9303 Part 10). */
export const LDS1_AID = Buffer.from('A0000002471001', 'hex');

/** Elementary files by short name, with their file identifiers (Part 10, 4.6 and 4.7). */
export const EF = {
  COM: 0x011e,
  SOD: 0x011d,
  DG1: 0x0101,
  DG2: 0x0102,
  DG14: 0x010e,
  DG15: 0x010f,
} as const;

export type FileName = keyof typeof EF;

/**
 * The largest READ BINARY under 3DES secure messaging whose protected response still fits a
 * short APDU: 223 bytes encrypt to 224, plus DO87's header, DO99 and DO8E make 242 of 256.
 */
export const MAX_CHUNK = 0xdf;

/**
 * Beyond offset 32,767 READ BINARY's P1-P2 cannot address a file: the odd INS B1 takes the
 * offset in DO'54' and answers in DO'53' (ISO/IEC 7816-4; ICAO 9303 Part 10 asks readers to
 * support it). Its chunks are 3 bytes shorter so that DO'53' still fits where MAX_CHUNK did.
 */
const SHORT_OFFSET_LIMIT = 0x7fff;
const MAX_CHUNK_B1 = MAX_CHUNK - 3;

/** The largest file an eMRTD holds (a DG2 of several images stays well under 100 kB); a larger header is a hostile chip. */
const MAX_FILE = 1 << 20;

export interface ReadProgress {
  file: FileName;
  read: number;
  total: number;
}

export async function selectApplication(channel: ApduChannel): Promise<void> {
  const r = await channel.send({ cla: 0x00, ins: 0xa4, p1: 0x04, p2: 0x0c, data: LDS1_AID }, 'SELECT of the passport application');
  if (r.sw === SW.FILE_NOT_FOUND) throw new EkycError('CHIP_PROTOCOL', 'the card on the reader is not an ICAO eMRTD (no LDS1 application)');
  if (r.sw !== SW.OK) throw new EkycError('CHIP_PROTOCOL', `the chip refused SELECT of the passport application (status ${swHex(r.sw)})`);
}

/** Selects an EF; false when the chip does not have it (an optional data group). */
export async function selectFile(channel: ApduChannel, name: FileName): Promise<boolean> {
  const fid = EF[name];
  const r = await channel.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: Buffer.from([fid >> 8, fid & 0xff]) }, `SELECT EF.${name}`);
  if (r.sw === SW.FILE_NOT_FOUND) return false;
  if (r.sw === SW.SECURITY_NOT_SATISFIED) throw new EkycError('CHIP_ACCESS_DENIED', `the chip protects EF.${name} beyond BAC (Extended Access Control)`);
  if (r.sw !== SW.OK) throw new EkycError('CHIP_PROTOCOL', `the chip refused SELECT EF.${name} (status ${swHex(r.sw)})`);
  return true;
}

export async function readBinary(channel: ApduChannel, offset: number, length: number, what: string): Promise<Buffer> {
  if (offset > SHORT_OFFSET_LIMIT) return readBinaryAt(channel, offset, length, what);
  const r = await channel.send({ cla: 0x00, ins: 0xb0, p1: offset >> 8, p2: offset & 0xff, le: length }, `READ BINARY of ${what}`);
  // 6282: fewer bytes than asked, the end of the file; the data is still good.
  if (r.sw !== SW.OK && r.sw !== SW.END_OF_FILE) throw new EkycError('CHIP_PROTOCOL', `the chip refused READ BINARY of ${what} at ${offset} (status ${swHex(r.sw)})`);
  if (r.data.length === 0 || r.data.length > length) throw new EkycError('CHIP_PROTOCOL', `the chip returned ${r.data.length} bytes of ${what} for ${length} asked`);
  return r.data;
}

/** READ BINARY B1 of the selected EF at `offset` (DO'54'), its data out of DO'53'. */
async function readBinaryAt(channel: ApduChannel, offset: number, length: number, what: string): Promise<Buffer> {
  const offsetBytes = Buffer.alloc(3);
  offsetBytes.writeUIntBE(offset, 0, 3);
  // DO'53''s header: tag, and a length of one byte or 81 xx.
  const header = length > 0x7f ? 3 : 2;
  const r = await channel.send({ cla: 0x00, ins: 0xb1, p1: 0x00, p2: 0x00, data: encodeTlv(0x54, offsetBytes), le: (length + header) & 0xff }, `READ BINARY (B1) of ${what}`);
  if (r.sw !== SW.OK && r.sw !== SW.END_OF_FILE) throw new EkycError('CHIP_PROTOCOL', `the chip refused READ BINARY of ${what} at ${offset} (status ${swHex(r.sw)}); it may not read files beyond 32 KB`);
  let value: Buffer;
  try {
    const objects = readAll(r.data);
    if (objects.length !== 1 || objects[0].tag !== 0x53) throw new TlvError(`expected one DO53, got tags ${objects.map((o) => o.tag.toString(16)).join(', ')}`);
    value = objects[0].value;
  } catch (err) {
    throw new EkycError('CHIP_PROTOCOL', `the chip's READ BINARY (B1) answer for ${what} is not DO53: ${(err as Error).message}`);
  }
  if (value.length === 0 || value.length > length) throw new EkycError('CHIP_PROTOCOL', `the chip returned ${value.length} bytes of ${what} for ${length} asked`);
  return value;
}

/**
 * Reads a whole EF: its first bytes give the TLV length, then chunks of MAX_CHUNK follow.
 * Undefined when the chip has no such file.
 */
export async function readFile(channel: ApduChannel, name: FileName, onProgress?: (p: ReadProgress) => void): Promise<Buffer | undefined> {
  if (!(await selectFile(channel, name))) return undefined;
  const what = `EF.${name}`;
  // Six bytes hold any LDS header: a tag of up to two bytes and a length of up to four.
  const head = await readBinary(channel, 0, 6, what);
  let total: number;
  try {
    const h = readHeader(head);
    total = h.valueStart + h.length;
  } catch (err) {
    throw new EkycError('CHIP_PROTOCOL', `${what} does not start with a TLV header: ${(err as TlvError).message}`);
  }
  if (total > MAX_FILE) throw new EkycError('CHIP_PROTOCOL', `${what} claims ${total} bytes, more than any eMRTD file`);
  const parts: Buffer[] = [head.subarray(0, Math.min(head.length, total))];
  let read = parts[0].length;
  onProgress?.({ file: name, read, total });
  while (read < total) {
    const chunk = await readBinary(channel, read, Math.min(read > SHORT_OFFSET_LIMIT ? MAX_CHUNK_B1 : MAX_CHUNK, total - read), what);
    parts.push(chunk);
    read += chunk.length;
    onProgress?.({ file: name, read, total });
  }
  return Buffer.concat(parts);
}
