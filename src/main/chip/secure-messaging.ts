import { EkycError } from '../../shared/errors';
import type { CommandApdu, ResponseApdu } from './apdu';
import { encodeCommand } from './apdu';
import { pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, unpad, type SessionKeys } from './crypto';
import { aesBlock, aesCbc, aesCmac } from './pace-crypto';
import { encodeTlv, readAll, TlvError } from './tlv';

/**
 * The cipher a session uses: 3DES after BAC (8-byte blocks, zero IV, retail MAC, 8-byte SSC)
 * or AES after PACE (16-byte blocks, IV = E(K_enc, SSC), CMAC cut to 8 bytes, 16-byte SSC;
 * Part 11, 9.8.6.2). `mac` gets its input padded to the block size.
 */
export interface SmCipher {
  block: number;
  encrypt(data: Buffer, ssc: Buffer): Buffer;
  decrypt(data: Buffer, ssc: Buffer): Buffer;
  mac(data: Buffer): Buffer;
}

export function tdesSm(keys: SessionKeys): SmCipher {
  return {
    block: 8,
    encrypt: (data) => tdesEncrypt(keys.enc, data),
    decrypt: (data) => tdesDecrypt(keys.enc, data),
    // retailMac pads (method 2) itself; the padded input padded again would be wrong.
    mac: (data) => retailMac(keys.mac, unpad(data)),
  };
}

export function aesSm(keys: SessionKeys): SmCipher {
  return {
    block: 16,
    encrypt: (data, ssc) => aesCbc(keys.enc, data, aesBlock(keys.enc, ssc), false),
    decrypt: (data, ssc) => aesCbc(keys.enc, data, aesBlock(keys.enc, ssc), true),
    mac: (data) => aesCmac(keys.mac, data).subarray(0, 8),
  };
}

/**
 * ICAO 9303 Part 11, section 9.8: secure messaging with 3DES session keys. Every command and
 * every response is MACed over the send sequence counter (SSC), which both sides increment
 * before each command and again before each response, so a replayed or reordered APDU fails
 * its MAC. Command data goes in DO'87' (encrypted, padding-indicator 01), or DO'85' (encrypted,
 * no indicator) for an odd INS, whose data is BER-TLV (READ BINARY B1 beyond 32 KB); Le in
 * DO'97', the status word of a response in DO'99', and the MAC in DO'8E'.
 */
export class SecureMessaging {
  private readonly ssc: Buffer;
  private readonly cipher: SmCipher;

  /** `keys` with an 8-byte SSC is a 3DES session (BAC); pass `aesSm(keys)` and a 16-byte SSC for AES (PACE). */
  constructor(keys: SessionKeys | SmCipher, ssc: Uint8Array) {
    this.cipher = 'block' in keys ? keys : tdesSm(keys);
    if (ssc.length !== this.cipher.block) throw new Error(`the send sequence counter must be ${this.cipher.block} bytes`);
    this.ssc = Buffer.from(ssc);
  }

  /** The counter's current value (for tests and logs; a copy). */
  get counter(): Buffer {
    return Buffer.from(this.ssc);
  }

  private increment(): void {
    for (let i = this.ssc.length - 1; i >= 0; i--) {
      this.ssc[i] = (this.ssc[i] + 1) & 0xff;
      if (this.ssc[i] !== 0) break;
    }
  }

  /** The protected form of a plain command, ready to transmit. */
  protect(command: CommandApdu): Buffer {
    this.increment();
    const header = Buffer.from([command.cla | 0x0c, command.ins, command.p1, command.p2]);
    const objects: Buffer[] = [];
    if (command.data && command.data.length > 0) {
      // An even INS carries its data in DO'87' with the padding-content indicator 01; an odd
      // INS, whose data is BER-TLV, in DO'85' without it.
      const encrypted = this.cipher.encrypt(pad(command.data, this.cipher.block), this.ssc);
      objects.push(command.ins & 1 ? encodeTlv(0x85, encrypted) : encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), encrypted])));
    }
    if (command.le !== undefined) objects.push(encodeTlv(0x97, Buffer.from([command.le & 0xff])));
    const bs = this.cipher.block;
    const mac = this.cipher.mac(pad(Buffer.concat([this.ssc, pad(header, bs), ...objects]), bs));
    objects.push(encodeTlv(0x8e, mac));
    const body = Buffer.concat(objects);
    return encodeCommand({ cla: header[0], ins: header[1], p1: header[2], p2: header[3], data: body, le: 0 });
  }

  /**
   * Checks and decrypts a protected response. A chip that fails a command after secure
   * messaging started may answer with a bare status word and no MAC (the session is then
   * over, as ICAO 9303 says); that answer is returned as is, with empty data, so the caller
   * reports the status rather than a MAC fault. Any response with data must carry a valid MAC.
   */
  unprotect(response: ResponseApdu): ResponseApdu {
    this.increment();
    if (response.data.length === 0) {
      if (response.sw === 0x9000) throw new EkycError('CHIP_PROTOCOL', 'the chip answered a protected command without secure messaging');
      return response;
    }
    let objects;
    try {
      objects = readAll(response.data);
    } catch (err) {
      throw new EkycError('CHIP_PROTOCOL', `the chip's protected response is malformed: ${(err as TlvError).message}`);
    }
    const do87 = objects.find((o) => o.tag === 0x87);
    const do85 = objects.find((o) => o.tag === 0x85);
    const do99 = objects.find((o) => o.tag === 0x99);
    const do8e = objects.find((o) => o.tag === 0x8e);
    if (!do8e || !do99) throw new EkycError('CHIP_PROTOCOL', 'the chip\'s protected response lacks its MAC or status (DO8E/DO99)');
    const covered = objects
      .filter((o) => o.tag === 0x85 || o.tag === 0x87 || o.tag === 0x99)
      // The MAC covers each object as it was sent, tag and length included.
      .map((o) => response.data.subarray(o.start, o.end));
    const expected = this.cipher.mac(pad(Buffer.concat([this.ssc, ...covered]), this.cipher.block));
    if (!sameBytes(expected, do8e.value)) {
      throw new EkycError('CHIP_PROTOCOL', 'the chip\'s response failed its secure-messaging MAC: the data was altered in transit or the session is out of step');
    }
    if (do99.value.length !== 2) throw new EkycError('CHIP_PROTOCOL', 'DO99 must hold a two-byte status word');
    const sw = (do99.value[0] << 8) | do99.value[1];
    const bs = this.cipher.block;
    if (do85 && do87) throw new EkycError('CHIP_PROTOCOL', 'the chip\'s protected response carries both DO85 and DO87');
    if (do85) {
      // The answer to an odd INS: a BER-TLV cryptogram, padded but with no indicator byte.
      if (do85.value.length < bs || do85.value.length % bs !== 0) throw new EkycError('CHIP_PROTOCOL', 'DO85 is not whole cipher blocks');
      try {
        return { data: unpad(this.cipher.decrypt(do85.value, this.ssc), bs), sw };
      } catch {
        throw new EkycError('CHIP_PROTOCOL', 'the chip\'s encrypted data has no valid padding');
      }
    }
    if (!do87) return { data: Buffer.alloc(0), sw };
    if (do87.value.length < 1 + bs || do87.value[0] !== 0x01 || (do87.value.length - 1) % bs !== 0) {
      throw new EkycError('CHIP_PROTOCOL', 'DO87 is not encrypted data with padding indicator 01');
    }
    try {
      return { data: unpad(this.cipher.decrypt(do87.value.subarray(1), this.ssc), bs), sw };
    } catch {
      throw new EkycError('CHIP_PROTOCOL', 'the chip\'s encrypted data has no valid padding');
    }
  }
}
