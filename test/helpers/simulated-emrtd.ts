/**
 * A simulated eMRTD chip: answers APDUs as an ICAO 9303 BAC passport does (SELECT of the
 * LDS1 application, GET CHALLENGE, EXTERNAL AUTHENTICATE, then SELECT and READ BINARY under
 * secure messaging only). Its secure messaging is the chip's side, written here from the
 * standard independently of src/main/chip/secure-messaging.ts, so a symmetric mistake in
 * the reader cannot pass unnoticed (the Part 11 vectors pin the reader's side).
 */
import { randomBytes } from 'node:crypto';
import { decodeCommand, encodeResponse, type CommandApdu } from '../../src/main/chip/apdu';
import { bacKeys, type MrzKeys } from '../../src/main/chip/bac';
import { deriveKeys, pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, unpad, type SessionKeys } from '../../src/main/chip/crypto';
import { LDS1_AID } from '../../src/main/chip/files';
import type { CardTransport } from '../../src/main/chip/transport';
import { encodeTlv, readAll } from '../../src/main/chip/tlv';
import { EkycError } from '../../src/shared/errors';

export interface SimulatedChipOptions {
  keys: MrzKeys;
  /** Files by FID. */
  files: Map<number, Buffer>;
  /** After this many APDUs the card leaves the field (transmit rejects with CHIP_REMOVED). */
  removeAfter?: number;
  /** After this many APDUs the chip stops answering (transmit never settles). */
  silentAfter?: number;
  /** Changes a protected response's bytes before they leave (to test the reader's MAC check). */
  tamper?: (response: Buffer, count: number) => Buffer;
  /** The longest READ BINARY the chip serves (real chips cap it; smaller forces more chunks). */
  maxRead?: number;
}

const ok = (data: Buffer = Buffer.alloc(0)) => encodeResponse({ data, sw: 0x9000 });
const status = (sw: number) => encodeResponse({ data: Buffer.alloc(0), sw });

export class SimulatedEmrtd implements CardTransport {
  private appSelected = false;
  private rndIc: Buffer | undefined;
  private session: { keys: SessionKeys; ssc: Buffer } | undefined;
  private selected: Buffer | undefined;
  private count = 0;
  /** The commands received, as hex. */
  readonly log: string[] = [];

  constructor(private readonly opts: SimulatedChipOptions) {}

  async transmit(command: Buffer): Promise<Buffer> {
    this.count++;
    this.log.push(command.toString('hex'));
    if (this.opts.removeAfter !== undefined && this.count > this.opts.removeAfter) throw new EkycError('CHIP_REMOVED', 'the card was removed from the reader');
    if (this.opts.silentAfter !== undefined && this.count > this.opts.silentAfter) return new Promise(() => undefined);
    const response = this.answer(decodeCommand(command));
    return this.opts.tamper ? this.opts.tamper(response, this.count) : response;
  }

  private answer(c: CommandApdu): Buffer {
    if ((c.cla & 0x0c) === 0x0c) return this.secured(c);
    if (this.session) {
      // A plain command after SM started ends the session, as real chips do.
      this.session = undefined;
      return status(0x6987);
    }
    if (c.ins === 0xa4 && c.p1 === 0x04) {
      this.appSelected = c.data !== undefined && Buffer.from(c.data).equals(LDS1_AID);
      return this.appSelected ? ok() : status(0x6a82);
    }
    if (!this.appSelected) return status(0x6985);
    if (c.ins === 0x84) {
      this.rndIc = randomBytes(8);
      return ok(this.rndIc);
    }
    if (c.ins === 0x82) return this.externalAuthenticate(c);
    // Files need BAC.
    return status(0x6982);
  }

  private externalAuthenticate(c: CommandApdu): Buffer {
    const keys = bacKeys(this.opts.keys);
    const data = Buffer.from(c.data ?? []);
    if (!this.rndIc || data.length !== 40) return status(0x6700);
    const eIfd = data.subarray(0, 32);
    if (!sameBytes(retailMac(keys.mac, eIfd), data.subarray(32))) return status(0x6300);
    const s = tdesDecrypt(keys.enc, eIfd);
    const rndIfd = s.subarray(0, 8);
    if (!s.subarray(8, 16).equals(this.rndIc)) return status(0x6300);
    const kIfd = s.subarray(16, 32);
    const kIc = randomBytes(16);
    const r = Buffer.concat([this.rndIc, rndIfd, kIc]);
    const eIc = tdesEncrypt(keys.enc, r);
    const seed = Buffer.alloc(16);
    for (let i = 0; i < 16; i++) seed[i] = kIfd[i] ^ kIc[i];
    this.session = { keys: deriveKeys(seed), ssc: Buffer.concat([this.rndIc.subarray(4), rndIfd.subarray(4)]) };
    this.rndIc = undefined;
    return ok(Buffer.concat([eIc, retailMac(keys.mac, eIc)]));
  }

  private increment(): void {
    const ssc = this.session!.ssc;
    for (let i = 7; i >= 0; i--) {
      ssc[i] = (ssc[i] + 1) & 0xff;
      if (ssc[i] !== 0) break;
    }
  }

  private secured(c: CommandApdu): Buffer {
    if (!this.session) return status(0x6982);
    const { keys } = this.session;
    this.increment();
    const objects = readAll(Buffer.from(c.data ?? []));
    const do87 = objects.find((o) => o.tag === 0x87);
    const do97 = objects.find((o) => o.tag === 0x97);
    const do8e = objects.find((o) => o.tag === 0x8e);
    const covered = objects.filter((o) => o.tag !== 0x8e).map((o) => Buffer.from(c.data!.subarray(o.start, o.end)));
    const header = Buffer.from([c.cla, c.ins, c.p1, c.p2]);
    if (!do8e || !sameBytes(retailMac(keys.mac, Buffer.concat([this.session.ssc, pad(header), ...covered])), do8e.value)) {
      this.session = undefined;
      return status(0x6988);
    }
    const data = do87 ? unpad(tdesDecrypt(keys.enc, do87.value.subarray(1))) : undefined;
    const le = do97 ? do97.value[0] || 256 : undefined;
    const { data: out, sw } = this.execute(c.ins, c.p1, c.p2, data, le);
    return this.protectResponse(out, sw);
  }

  private execute(ins: number, p1: number, p2: number, data: Buffer | undefined, le: number | undefined): { data: Buffer; sw: number } {
    const none = Buffer.alloc(0);
    if (ins === 0xa4 && p1 === 0x02) {
      const fid = data && data.length === 2 ? data.readUInt16BE(0) : -1;
      this.selected = this.opts.files.get(fid);
      return { data: none, sw: this.selected ? 0x9000 : 0x6a82 };
    }
    if (ins === 0xb0) {
      if (!this.selected) return { data: none, sw: 0x6986 };
      const offset = (p1 << 8) | p2;
      if (offset >= this.selected.length) return { data: none, sw: 0x6b00 };
      const n = Math.min(le ?? 256, this.opts.maxRead ?? 256);
      const chunk = this.selected.subarray(offset, offset + n);
      return { data: Buffer.from(chunk), sw: chunk.length < (le ?? 0) ? 0x6282 : 0x9000 };
    }
    return { data: none, sw: 0x6d00 };
  }

  private protectResponse(data: Buffer, sw: number): Buffer {
    const { keys, ssc } = this.session!;
    this.increment();
    const do87 = data.length > 0 ? encodeTlv(0x87, Buffer.concat([Buffer.from([1]), tdesEncrypt(keys.enc, pad(data))])) : Buffer.alloc(0);
    const do99 = encodeTlv(0x99, Buffer.from([sw >> 8, sw & 0xff]));
    const mac = retailMac(keys.mac, Buffer.concat([ssc, do87, do99]));
    return encodeResponse({ data: Buffer.concat([do87, do99, encodeTlv(0x8e, mac)]), sw: 0x9000 });
  }
}
