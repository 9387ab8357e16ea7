import { EkycError } from '../../shared/errors';
import type { CommandApdu, ResponseApdu } from './apdu';
import { encodeCommand } from './apdu';
import { pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, unpad, type SessionKeys } from './crypto';
import { encodeTlv, readAll, TlvError } from './tlv';

/**
 * ICAO 9303 Part 11, section 9.8: secure messaging with 3DES session keys. Every command and
 * every response is MACed over the send sequence counter (SSC), which both sides increment
 * before each command and again before each response, so a replayed or reordered APDU fails
 * its MAC. Command data goes in DO'87' (encrypted, padding-indicator 01), Le in DO'97', the
 * status word of a response in DO'99', and the MAC in DO'8E'.
 */
export class SecureMessaging {
  private readonly ssc: Buffer;

  constructor(private readonly keys: SessionKeys, ssc: Uint8Array) {
    if (ssc.length !== 8) throw new Error('a 3DES send sequence counter is 8 bytes');
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
      // An even INS carries its data in DO'87' with the padding-content indicator 01.
      if (command.ins & 1) throw new Error('odd-INS commands (DO85) are not used by an eMRTD read');
      const encrypted = tdesEncrypt(this.keys.enc, pad(command.data));
      objects.push(encodeTlv(0x87, Buffer.concat([Buffer.from([0x01]), encrypted])));
    }
    if (command.le !== undefined) objects.push(encodeTlv(0x97, Buffer.from([command.le & 0xff])));
    const mac = retailMac(this.keys.mac, Buffer.concat([this.ssc, pad(header), ...objects]));
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
    const do99 = objects.find((o) => o.tag === 0x99);
    const do8e = objects.find((o) => o.tag === 0x8e);
    if (!do8e || !do99) throw new EkycError('CHIP_PROTOCOL', 'the chip\'s protected response lacks its MAC or status (DO8E/DO99)');
    const covered = objects
      .filter((o) => o.tag === 0x87 || o.tag === 0x99)
      // The MAC covers each object as it was sent, tag and length included.
      .map((o) => response.data.subarray(o.start, o.end));
    const expected = retailMac(this.keys.mac, Buffer.concat([this.ssc, ...covered]));
    if (!sameBytes(expected, do8e.value)) {
      throw new EkycError('CHIP_PROTOCOL', 'the chip\'s response failed its secure-messaging MAC: the data was altered in transit or the session is out of step');
    }
    if (do99.value.length !== 2) throw new EkycError('CHIP_PROTOCOL', 'DO99 must hold a two-byte status word');
    const sw = (do99.value[0] << 8) | do99.value[1];
    if (!do87) return { data: Buffer.alloc(0), sw };
    if (do87.value.length < 9 || do87.value[0] !== 0x01 || (do87.value.length - 1) % 8 !== 0) {
      throw new EkycError('CHIP_PROTOCOL', 'DO87 is not 3DES-encrypted data with padding indicator 01');
    }
    try {
      return { data: unpad(tdesDecrypt(this.keys.enc, do87.value.subarray(1))), sw };
    } catch {
      throw new EkycError('CHIP_PROTOCOL', 'the chip\'s encrypted data has no valid padding');
    }
  }
}
