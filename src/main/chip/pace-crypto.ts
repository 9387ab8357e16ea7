import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { MrzKeys } from './bac';
import { mrzInformation } from './bac';
import { add, decodePoint, encodePoint, multiply, toBigInt, toBytes, type Curve, type Point } from './ec';
import { encodeTlv } from './tlv';

/**
 * PACE with generic mapping over ECDH and AES (ICAO 9303 Part 11, 4.4 and 9.7): the
 * password is the MRZ, K_pi decrypts the chip's nonce s, both sides map the generator to
 * G~ = s*G + H (H the ECDH point of a first key pair each), agree a secret on G~, derive
 * AES session keys and prove them to each other with CMAC tokens. Vectors: Part 11
 * Appendix G.1 (test/main/chip/pace-vectors.test.ts).
 */

export type PaceCipher = 'AES-128' | 'AES-192' | 'AES-256';

export const KEY_LENGTH: Record<PaceCipher, number> = { 'AES-128': 16, 'AES-192': 24, 'AES-256': 32 };

/** Part 11, 9.7.1: key derivation for AES; counter 1 ENC, 2 MAC, 3 the password key. */
export function kdfAes(secret: Uint8Array, counter: 1 | 2 | 3, cipher: PaceCipher): Buffer {
  const c = Buffer.from([0, 0, 0, counter]);
  const digest = createHash(cipher === 'AES-128' ? 'sha1' : 'sha256').update(secret).update(c).digest();
  return digest.subarray(0, KEY_LENGTH[cipher]);
}

/** K_pi from the card access number printed on the card (6 digits): pi is its ASCII. */
export function paceKeyFromCan(can: string, cipher: PaceCipher): Buffer {
  return kdfAes(Buffer.from(can, 'ascii'), 3, cipher);
}

/** K_pi from the MRZ: pi = SHA-1(MRZ_information), the whole 20 bytes (BAC keeps 16). */
export function paceKeyFromMrz(keys: MrzKeys, cipher: PaceCipher): Buffer {
  return kdfAes(createHash('sha1').update(mrzInformation(keys), 'ascii').digest(), 3, cipher);
}

function aesName(key: Uint8Array, mode: 'cbc' | 'ecb'): string {
  return `aes-${key.length * 8}-${mode}`;
}

export function aesCbc(key: Uint8Array, data: Uint8Array, iv: Uint8Array, decrypt: boolean): Buffer {
  const c = decrypt ? createDecipheriv(aesName(key, 'cbc'), key, iv) : createCipheriv(aesName(key, 'cbc'), key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function aesBlock(key: Uint8Array, block: Uint8Array): Buffer {
  const c = createCipheriv(aesName(key, 'ecb'), key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

function shiftLeft(b: Buffer): Buffer {
  const out = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) out[i] = ((b[i] << 1) | (i < 15 ? b[i + 1] >> 7 : 0)) & 0xff;
  if (b[0] & 0x80) out[15] ^= 0x87;
  return out;
}

/** AES-CMAC (RFC 4493, NIST SP 800-38B), the whole 16 bytes; ICAO 9303 keeps the first 8. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Buffer {
  const k1 = shiftLeft(aesBlock(key, Buffer.alloc(16)));
  const k2 = shiftLeft(k1);
  const blocks = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const last = Buffer.alloc(16);
  const tail = data.subarray((blocks - 1) * 16);
  last.set(tail);
  if (!complete) last[tail.length] = 0x80;
  const sub = complete ? k1 : k2;
  for (let i = 0; i < 16; i++) last[i] ^= sub[i];
  let x: Buffer = Buffer.alloc(16);
  for (let b = 0; b < blocks; b++) {
    const block = b === blocks - 1 ? last : data.subarray(b * 16, b * 16 + 16);
    const y = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) y[i] = x[i] ^ block[i];
    x = aesBlock(key, y);
  }
  return x;
}

/** The chip's nonce s, decrypted with K_pi (AES-CBC, zero IV). */
export function decryptNonce(kPi: Uint8Array, encrypted: Uint8Array): Buffer {
  return aesCbc(kPi, encrypted, Buffer.alloc(16), true);
}

/** Generic mapping: G~ = s*G + H, with H = SK_map * PK_map(other side). */
export function mapGenerator(curve: Curve, nonce: Uint8Array, mappingPrivate: bigint, otherMappingPublic: Point): Point {
  const H = multiply(curve, mappingPrivate, otherMappingPublic);
  const G = add(curve, multiply(curve, toBigInt(nonce), curve.g), H);
  if (!H || !G) throw new Error('the mapping gave the point at infinity');
  return G;
}

export function publicKey(curve: Curve, privateKey: bigint, generator: Point): Point {
  const P = multiply(curve, privateKey, generator);
  if (!P) throw new Error('a private key of zero');
  return P;
}

/** The shared secret: the x coordinate of SK * PK(other side), as field-size bytes. */
export function sharedSecret(curve: Curve, privateKey: bigint, otherPublic: Point): Buffer {
  const K = multiply(curve, privateKey, otherPublic);
  if (!K) throw new Error('the key agreement gave the point at infinity');
  return toBytes(K.x, curve.size);
}

export function randomScalar(curve: Curve): bigint {
  // 64 extra bits make the bias of the reduction negligible.
  const k = toBigInt(randomBytes(curve.size + 8)) % (curve.n - 1n);
  return k + 1n;
}

/** DER content bytes of an OID written as dotted numbers. */
export function oidBytes(oid: string): Buffer {
  const parts = oid.split('.').map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const stack = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) stack.unshift((v & 0x7f) | 0x80);
    out.push(...stack);
  }
  return Buffer.from(out);
}

/** T = MAC(KS_mac, 7F49 { 06 OID, 86 the other side's ephemeral public key }), 8 bytes. */
export function authenticationToken(macKey: Uint8Array, oid: string, curve: Curve, otherPublic: Point): Buffer {
  const data = encodeTlv(0x7f49, Buffer.concat([encodeTlv(0x06, oidBytes(oid)), encodeTlv(0x86, encodePoint(curve, otherPublic))]));
  return aesCmac(macKey, data).subarray(0, 8);
}

export { decodePoint, encodePoint };
