import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * The symmetric cryptography of ICAO 9303 Part 11 for BAC and 3DES secure messaging:
 * key derivation (section 9.7.1), two-key 3DES in CBC mode with a zero IV, ISO/IEC 9797-1
 * padding method 2 and the "retail MAC" (MAC algorithm 3 with DES).
 *
 * Node 20 ships OpenSSL 3, whose default provider no longer has single DES (`des-cbc` and
 * `des-ecb` fail with "unsupported" unless the legacy provider is loaded), but it still has
 * two-key 3DES (`des-ede-cbc`, `des-ede-ecb`). Single DES with key K is 3DES-EDE with K||K
 * (E_K(D_K(E_K(x))) = E_K(x)), so the retail MAC is built from `des-ede-ecb` and needs no
 * legacy provider nor a DES of our own.
 */

const BLOCK = 8;

/** ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a multiple of the block (8 for 3DES, 16 for AES). */
export function pad(data: Uint8Array, block = BLOCK): Buffer {
  const padded = Buffer.alloc((Math.floor(data.length / block) + 1) * block);
  padded.set(data);
  padded[data.length] = 0x80;
  return padded;
}

/** Removes padding method 2; a block without it is a protocol fault, not data. */
export function unpad(data: Uint8Array, block = BLOCK): Buffer {
  let i = data.length - 1;
  while (i >= 0 && data[i] === 0x00) i--;
  if (i < 0 || data[i] !== 0x80 || data.length - i > block) throw new Error('missing ISO 9797-1 padding');
  return Buffer.from(data.subarray(0, i));
}

function assertKey(key: Uint8Array): void {
  if (key.length !== 16) throw new Error(`3DES keys here are two-key (16 bytes), got ${key.length}`);
}

/** 3DES-CBC with a zero IV over data already a multiple of 8 bytes (no padding added). */
export function tdesEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = Buffer.alloc(BLOCK)): Buffer {
  assertKey(key);
  const c = createCipheriv('des-ede-cbc', key, iv);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(data), c.final()]);
}

export function tdesDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = Buffer.alloc(BLOCK)): Buffer {
  assertKey(key);
  const d = createDecipheriv('des-ede-cbc', key, iv);
  d.setAutoPadding(false);
  return Buffer.concat([d.update(data), d.final()]);
}

function desBlock(key8: Uint8Array, block: Uint8Array, decrypt: boolean): Buffer {
  const key = Buffer.concat([key8, key8]);
  const c = decrypt ? createDecipheriv('des-ede-ecb', key, null) : createCipheriv('des-ede-ecb', key, null);
  c.setAutoPadding(false);
  return Buffer.concat([c.update(block), c.final()]);
}

/**
 * ISO/IEC 9797-1 MAC algorithm 3 (retail MAC) with DES and padding method 2: DES-CBC with
 * K1 over the padded message, then the last block decrypted with K2 and encrypted with K1.
 * `data` is padded here; callers pass the message as ICAO 9303 defines it.
 */
export function retailMac(key: Uint8Array, data: Uint8Array): Buffer {
  assertKey(key);
  const k1 = key.subarray(0, 8);
  const k2 = key.subarray(8, 16);
  const padded = pad(data);
  let h: Buffer = Buffer.alloc(BLOCK);
  for (let off = 0; off < padded.length; off += BLOCK) {
    const x = Buffer.alloc(BLOCK);
    for (let i = 0; i < BLOCK; i++) x[i] = h[i] ^ padded[off + i];
    h = desBlock(k1, x, false);
  }
  return desBlock(k1, desBlock(k2, h, true), false);
}

/** Sets each byte's least significant bit so the byte has odd parity, as DES keys should. */
export function adjustParity(key: Uint8Array): Buffer {
  const out = Buffer.from(key);
  for (let i = 0; i < out.length; i++) {
    const b = out[i] & 0xfe;
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}

/** ICAO 9303 Part 11, 9.7.1: a 16-byte 3DES key from a seed and counter 1 (ENC) or 2 (MAC). */
export function deriveKey(seed: Uint8Array, counter: 1 | 2): Buffer {
  const c = Buffer.from([0, 0, 0, counter]);
  const digest = createHash('sha1').update(seed).update(c).digest();
  return adjustParity(digest.subarray(0, 16));
}

export interface SessionKeys {
  enc: Buffer;
  mac: Buffer;
}

export function deriveKeys(seed: Uint8Array): SessionKeys {
  return { enc: deriveKey(seed, 1), mac: deriveKey(seed, 2) };
}

/** Constant-time comparison, so a forged MAC cannot be found byte by byte from timings. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
