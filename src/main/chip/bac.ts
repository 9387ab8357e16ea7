import { createHash, randomBytes } from 'node:crypto';
import { EkycError } from '../../shared/errors';
import { computeCheckDigit } from '../document/mrz-repair';
import { SW, swHex } from './apdu';
import { deriveKeys, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, type SessionKeys } from './crypto';
import { SecureMessaging } from './secure-messaging';
import type { ApduChannel } from './transport';

/**
 * Basic Access Control (ICAO 9303 Part 11, section 4.3): both sides prove they know keys
 * derived from the printed MRZ (document number, birth date, expiry), then derive session
 * keys for secure messaging from the two random key halves they exchanged.
 */

/** The three MRZ fields BAC keys come from, as printed (YYMMDD dates, fillers allowed). */
export interface MrzKeys {
  documentNumber: string;
  birthDate: string;
  expiryDate: string;
}

/** What opens a chip: the MRZ keys (BAC or PACE), or the CAN printed on an ID card (PACE only). */
export type ChipAccessKey = MrzKeys | { can: string };

/** A card access number: six digits (Part 11, 9.5.4.1 allows any length; cards print six). */
export function checkCan(can: string): string {
  if (!/^[0-9]{6}$/.test(can)) throw new EkycError('INVALID_ARGUMENT', `a card access number is the six digits printed on the card, got "${can}"`);
  return can;
}

const YYMMDD = /^[0-9]{6}$/;
const DOC_CHARS = /^[0-9A-Z<]+$/;

/**
 * MRZ_information: document number (padded with fillers to nine characters) and the
 * three fields each followed by its check digit, computed here rather than taken from the
 * operator so a typed key cannot carry a wrong check digit.
 */
export function mrzInformation(keys: MrzKeys): string {
  const doc = keys.documentNumber.toUpperCase().trim();
  if (!DOC_CHARS.test(doc) || doc.length > 22) throw new EkycError('INVALID_ARGUMENT', `"${keys.documentNumber}" is not an MRZ document number`);
  if (!YYMMDD.test(keys.birthDate)) throw new EkycError('INVALID_ARGUMENT', `the birth date for the chip key must be YYMMDD, got "${keys.birthDate}"`);
  if (!YYMMDD.test(keys.expiryDate)) throw new EkycError('INVALID_ARGUMENT', `the expiry date for the chip key must be YYMMDD, got "${keys.expiryDate}"`);
  const padded = doc.padEnd(9, '<');
  const field = (s: string) => `${s}${computeCheckDigit(s)}`;
  return field(padded) + field(keys.birthDate) + field(keys.expiryDate);
}

/** K_seed: the first 16 bytes of SHA-1 over MRZ_information. */
export function bacKeySeed(keys: MrzKeys): Buffer {
  return createHash('sha1').update(mrzInformation(keys), 'ascii').digest().subarray(0, 16);
}

export function bacKeys(keys: MrzKeys): SessionKeys {
  return deriveKeys(bacKeySeed(keys));
}

/** The terminal's random values; tests pass the standard's, a read passes fresh ones. */
export interface BacRandom {
  rndIfd: Buffer;
  kIfd: Buffer;
}

export function freshBacRandom(): BacRandom {
  return { rndIfd: randomBytes(8), kIfd: randomBytes(16) };
}

/** The EXTERNAL AUTHENTICATE data: E_IFD (3DES of RND.IFD || RND.IC || K.IFD) and its MAC. */
export function bacCommandData(keys: SessionKeys, rndIc: Buffer, random: BacRandom): Buffer {
  const s = Buffer.concat([random.rndIfd, rndIc, random.kIfd]);
  const eIfd = tdesEncrypt(keys.enc, s);
  return Buffer.concat([eIfd, retailMac(keys.mac, eIfd)]);
}

export interface BacSession {
  keys: SessionKeys;
  ssc: Buffer;
}

/** Checks the chip's answer and derives the session keys and the initial SSC. */
export function bacSessionFromResponse(keys: SessionKeys, rndIc: Buffer, random: BacRandom, response: Buffer): BacSession {
  if (response.length !== 40) throw new EkycError('CHIP_PROTOCOL', `the chip's BAC answer has ${response.length} bytes, not 40`);
  const eIc = response.subarray(0, 32);
  if (!sameBytes(retailMac(keys.mac, eIc), response.subarray(32))) {
    throw new EkycError('CHIP_PROTOCOL', 'the chip\'s BAC answer fails its MAC: this is not the chip the MRZ keys open');
  }
  const r = tdesDecrypt(keys.enc, eIc);
  if (!sameBytes(r.subarray(0, 8), rndIc) || !sameBytes(r.subarray(8, 16), random.rndIfd)) {
    throw new EkycError('CHIP_PROTOCOL', 'the chip\'s BAC answer does not return our challenge: a replayed or forged answer');
  }
  const kIc = r.subarray(16, 32);
  const seed = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) seed[i] = random.kIfd[i] ^ kIc[i];
  return { keys: deriveKeys(seed), ssc: Buffer.concat([rndIc.subarray(4, 8), random.rndIfd.subarray(4, 8)]) };
}

/** Runs BAC over `channel` and switches it to secure messaging. */
export async function performBac(channel: ApduChannel, mrz: MrzKeys, random: BacRandom = freshBacRandom()): Promise<BacSession> {
  const keys = bacKeys(mrz);
  const challenge = await channel.send({ cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 }, 'GET CHALLENGE');
  if (challenge.sw !== SW.OK || challenge.data.length !== 8) {
    throw new EkycError('CHIP_PROTOCOL', `the chip refused GET CHALLENGE (status ${swHex(challenge.sw)}): it may need PACE, which this station does not offer yet`);
  }
  const data = bacCommandData(keys, challenge.data, random);
  const answer = await channel.send({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data, le: 0x28 }, 'EXTERNAL AUTHENTICATE');
  if (answer.sw === SW.SECURITY_NOT_SATISFIED || (answer.sw & 0xff00) === 0x6300) {
    throw new EkycError('CHIP_ACCESS_DENIED', 'the chip did not accept the MRZ keys: check the document number, birth date and expiry date', { status: swHex(answer.sw) });
  }
  if (answer.sw !== SW.OK) throw new EkycError('CHIP_PROTOCOL', `the chip failed EXTERNAL AUTHENTICATE with status ${swHex(answer.sw)}`);
  const session = bacSessionFromResponse(keys, challenge.data, random, answer.data);
  channel.startSecureMessaging(new SecureMessaging(session.keys, session.ssc));
  return session;
}
