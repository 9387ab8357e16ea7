import * as asn1js from 'asn1js';
import { EkycError } from '../../shared/errors';
import { SW, swHex } from './apdu';
import type { ChipAccessKey } from './bac';
import { sameBytes } from './crypto';
import { CURVES, type Curve } from './ec';
import {
  authenticationToken, decodePoint, decryptNonce, encodePoint, kdfAes, mapGenerator, oidBytes, paceKeyFromCan, paceKeyFromMrz, publicKey, randomScalar, sharedSecret, type PaceCipher,
} from './pace-crypto';
import { aesSm, SecureMessaging } from './secure-messaging';
import { encodeTlv, findTag, readTlv } from './tlv';
import type { ApduChannel } from './transport';

/**
 * PACE (ICAO 9303 Part 11, 4.4) with the MRZ or the card access number (CAN) as password, for documents that offer it in
 * EF.CardAccess: ECDH generic mapping with AES secure messaging on the standardized curves
 * 12 (NIST P-256) and 13 (brainpoolP256r1). Integrated mapping, DH and 3DES variants, and
 * other curves are not offered; such a document is read with BAC when it also allows BAC.
 */

const PACE_OIDS: Record<string, PaceCipher> = {
  '0.4.0.127.0.7.2.2.4.2.2': 'AES-128',
  '0.4.0.127.0.7.2.2.4.2.3': 'AES-192',
  '0.4.0.127.0.7.2.2.4.2.4': 'AES-256',
};

export interface PaceInfo {
  oid: string;
  cipher: PaceCipher;
  parameterId: number;
  curve: Curve;
}

/** The first PACEInfo of EF.CardAccess this station can run, or undefined. */
export function supportedPace(cardAccess: Uint8Array): PaceInfo | undefined {
  const parsed = asn1js.fromBER(cardAccess);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Set)) throw new EkycError('CHIP_PROTOCOL', 'EF.CardAccess is not a SET of SecurityInfos');
  for (const info of parsed.result.valueBlock.value) {
    if (!(info instanceof asn1js.Sequence)) continue;
    const [oid, version, param] = info.valueBlock.value;
    if (!(oid instanceof asn1js.ObjectIdentifier) || !(version instanceof asn1js.Integer)) continue;
    const cipher = PACE_OIDS[oid.valueBlock.toString()];
    const parameterId = param instanceof asn1js.Integer ? param.valueBlock.valueDec : undefined;
    if (!cipher || version.valueBlock.valueDec !== 2 || parameterId === undefined || !CURVES[parameterId]) continue;
    return { oid: oid.valueBlock.toString(), cipher, parameterId, curve: CURVES[parameterId] };
  }
  return undefined;
}

/** EF.CardAccess (FID 011C, short identifier 1C) read in plain before any access control; undefined when absent. */
export async function readCardAccess(channel: ApduChannel): Promise<Buffer | undefined> {
  const r = await channel.send({ cla: 0x00, ins: 0xb0, p1: 0x80 | 0x1c, p2: 0x00, le: 0 }, 'READ BINARY of EF.CardAccess');
  if (r.sw !== SW.OK && r.sw !== SW.END_OF_FILE) return undefined;
  if (r.data.length === 0) return undefined;
  try {
    const t = readTlv(r.data);
    return r.data.subarray(0, t.end);
  } catch {
    throw new EkycError('CHIP_PROTOCOL', 'EF.CardAccess is not one TLV');
  }
}

/** The terminal's randoms; only tests fix them. */
export interface PaceRandom {
  mappingKey: bigint;
  ephemeralKey: bigint;
}

async function generalAuthenticate(channel: ApduChannel, tag: number | undefined, value: Buffer | undefined, last: boolean, step: string, password: string): Promise<Buffer> {
  const data = encodeTlv(0x7c, tag === undefined ? Buffer.alloc(0) : encodeTlv(tag, value!));
  const r = await channel.send({ cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0, p2: 0, data, le: 0 }, `PACE ${step}`);
  if (r.sw === SW.SECURITY_NOT_SATISFIED || (r.sw & 0xff00) === 0x6300) {
    throw new EkycError('CHIP_ACCESS_DENIED', `the chip did not accept the ${password} for PACE: check ${password === 'CAN' ? 'the card access number printed on the card' : 'the document number, birth date and expiry date'}`, { status: swHex(r.sw), step });
  }
  if (r.sw !== SW.OK) throw new EkycError('CHIP_PROTOCOL', `the chip failed PACE ${step} with status ${swHex(r.sw)}`);
  try {
    const outer = readTlv(r.data);
    if (outer.tag !== 0x7c) throw new Error('no 7C');
    return outer.value;
  } catch {
    throw new EkycError('CHIP_PROTOCOL', `the chip's PACE ${step} answer is not a dynamic authentication data object`);
  }
}

function expectTag(container: Buffer, tag: number, step: string): Buffer {
  const t = findTag(container, tag);
  if (!t) throw new EkycError('CHIP_PROTOCOL', `the chip's PACE ${step} answer lacks tag ${tag.toString(16)}`);
  return t.value;
}

/** Runs PACE over `channel` and switches it to AES secure messaging (SSC starts at zero). */
export async function performPace(channel: ApduChannel, key: ChipAccessKey, info: PaceInfo, random?: PaceRandom): Promise<void> {
  const c = info.curve;
  const password = 'can' in key ? 'CAN' : 'MRZ keys';
  // Password reference 01 is the MRZ, 02 the CAN (Part 11, 9.5.4.1).
  const setAt = Buffer.concat([encodeTlv(0x80, oidBytes(info.oid)), encodeTlv(0x83, Buffer.from(['can' in key ? 0x02 : 0x01])), encodeTlv(0x84, Buffer.from([info.parameterId]))]);
  const mse = await channel.send({ cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: setAt }, 'MSE:Set AT for PACE');
  if (mse.sw !== SW.OK) throw new EkycError('CHIP_PROTOCOL', `the chip refused PACE with the MRZ (status ${swHex(mse.sw)})`);
  const kPi = 'can' in key ? paceKeyFromCan(key.can, info.cipher) : paceKeyFromMrz(key, info.cipher);
  const encryptedNonce = expectTag(await generalAuthenticate(channel, undefined, undefined, false, 'nonce', password), 0x80, 'nonce');
  if (encryptedNonce.length !== 16) throw new EkycError('CHIP_PROTOCOL', 'the chip\'s PACE nonce is not one AES block');
  const nonce = decryptNonce(kPi, encryptedNonce);

  const mapKey = random?.mappingKey ?? randomScalar(c);
  const mapOut = encodePoint(c, publicKey(c, mapKey, c.g));
  const chipMap = expectTag(await generalAuthenticate(channel, 0x81, mapOut, false, 'mapping', password), 0x82, 'mapping');
  let generator;
  let chipEphemeral;
  try {
    const chipMapPoint = decodePoint(c, chipMap);
    if (sameBytes(encodePoint(c, chipMapPoint), mapOut)) throw new Error('the chip echoed our key');
    generator = mapGenerator(c, nonce, mapKey, chipMapPoint);
  } catch (err) {
    throw new EkycError('CHIP_PROTOCOL', `the chip's PACE mapping key is unusable: ${(err as Error).message}`);
  }
  const ephKey = random?.ephemeralKey ?? randomScalar(c);
  const ephPublic = publicKey(c, ephKey, generator);
  const chipEphBytes = expectTag(await generalAuthenticate(channel, 0x83, encodePoint(c, ephPublic), false, 'key agreement', password), 0x84, 'key agreement');
  try {
    chipEphemeral = decodePoint(c, chipEphBytes);
    // Part 11 requires the terminal to check PK_IC differs from its own PK_PCD.
    if (sameBytes(chipEphBytes, encodePoint(c, ephPublic))) throw new Error('the chip echoed our key');
  } catch (err) {
    throw new EkycError('CHIP_PROTOCOL', `the chip's PACE ephemeral key is unusable: ${(err as Error).message}`);
  }
  const secret = sharedSecret(c, ephKey, chipEphemeral);
  const keys = { enc: kdfAes(secret, 1, info.cipher), mac: kdfAes(secret, 2, info.cipher) };
  const ourToken = authenticationToken(keys.mac, info.oid, c, chipEphemeral);
  const chipToken = expectTag(await generalAuthenticate(channel, 0x85, ourToken, true, 'mutual authentication', password), 0x86, 'mutual authentication');
  if (!sameBytes(chipToken, authenticationToken(keys.mac, info.oid, c, ephPublic))) {
    throw new EkycError('CHIP_PROTOCOL', `the chip's PACE authentication token is wrong: this is not a chip that knows the ${password}`);
  }
  channel.startSecureMessaging(new SecureMessaging(aesSm(keys), Buffer.alloc(16)));
}
