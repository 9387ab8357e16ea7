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
import { deriveKeys, pad, retailMac, sameBytes, tdesDecrypt, tdesEncrypt, unpad } from '../../src/main/chip/crypto';
import { CURVES, type Curve, type Point } from '../../src/main/chip/ec';
import { LDS1_AID } from '../../src/main/chip/files';
import {
  aesCbc, authenticationToken, decodePoint, encodePoint, kdfAes, mapGenerator, oidBytes, paceKeyFromCan, paceKeyFromMrz, publicKey, randomScalar, sharedSecret,
} from '../../src/main/chip/pace-crypto';
import { aesSm, tdesSm, type SmCipher } from '../../src/main/chip/secure-messaging';
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
  /** A chip that does not know READ BINARY B1 (files beyond 32 KB unreadable). */
  noOddReadBinary?: boolean;
  /** The longest READ BINARY the chip serves (real chips cap it; smaller forces more chunks). */
  maxRead?: number;
  /** Offer PACE (ECDH-GM-AES-128) on this standardized curve in EF.CardAccess. */
  pace?: { parameterId: 12 | 13 };
  /** Refuse BAC (a PACE-only chip, as recent ID cards are). */
  noBac?: boolean;
  /** The card access number printed on the card, which PACE accepts besides the MRZ. */
  can?: string;
}

export const PACE_OID = '0.4.0.127.0.7.2.2.4.2.2';

/** EF.CardAccess with one PACEInfo: SET { SEQUENCE { OID, version 2, parameterId } }. */
export function cardAccess(parameterId: number): Buffer {
  const info = Buffer.concat([encodeTlv(0x06, oidBytes(PACE_OID)), encodeTlv(0x02, Buffer.from([2])), encodeTlv(0x02, Buffer.from([parameterId]))]);
  return encodeTlv(0x31, encodeTlv(0x30, info));
}

const ok = (data: Buffer = Buffer.alloc(0)) => encodeResponse({ data, sw: 0x9000 });
const status = (sw: number) => encodeResponse({ data: Buffer.alloc(0), sw });

export class SimulatedEmrtd implements CardTransport {
  private appSelected = false;
  private rndIc: Buffer | undefined;
  private session: { cipher: SmCipher; ssc: Buffer } | undefined;
  private paceState: { step: number; curve: Curve; kPi: Buffer; nonce?: Buffer; generator?: Point; ephemeral?: bigint; pkT?: Point; pkIc?: Point; keys?: { enc: Buffer; mac: Buffer } } | undefined;
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
    if (c.ins === 0xb0 && c.p1 === 0x9c) return this.opts.pace ? ok(cardAccess(this.opts.pace.parameterId)) : status(0x6a82);
    if (c.ins === 0x22 && this.opts.pace) {
      const ref = readAll(Buffer.from(c.data ?? [])).find((t) => t.tag === 0x83)?.value[0];
      if (ref === 0x02 && !this.opts.can) return status(0x6a88);
      const kPi = ref === 0x02 ? paceKeyFromCan(this.opts.can!, 'AES-128') : paceKeyFromMrz(this.opts.keys, 'AES-128');
      this.paceState = { step: 0, curve: CURVES[this.opts.pace.parameterId], kPi };
      return ok();
    }
    if (c.ins === 0x86 && this.paceState) return this.paceStep(c);
    if (!this.appSelected) return status(0x6985);
    if (c.ins === 0x84 && this.opts.noBac) return status(0x6985);
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
    this.session = { cipher: tdesSm(deriveKeys(seed)), ssc: Buffer.concat([this.rndIc.subarray(4), rndIfd.subarray(4)]) };
    this.rndIc = undefined;
    return ok(Buffer.concat([eIc, retailMac(keys.mac, eIc)]));
  }

  private increment(): void {
    const ssc = this.session!.ssc;
    for (let i = ssc.length - 1; i >= 0; i--) {
      ssc[i] = (ssc[i] + 1) & 0xff;
      if (ssc[i] !== 0) break;
    }
  }

  private secured(c: CommandApdu): Buffer {
    if (!this.session) return status(0x6982);
    const { cipher } = this.session;
    const bs = cipher.block;
    this.increment();
    const objects = readAll(Buffer.from(c.data ?? []));
    const do87 = objects.find((o) => o.tag === 0x87);
    // An odd INS (READ BINARY B1) sends BER-TLV data in DO'85', with no padding indicator.
    const do85 = objects.find((o) => o.tag === 0x85);
    const do97 = objects.find((o) => o.tag === 0x97);
    const do8e = objects.find((o) => o.tag === 0x8e);
    const covered = objects.filter((o) => o.tag !== 0x8e).map((o) => Buffer.from(c.data!.subarray(o.start, o.end)));
    const header = Buffer.from([c.cla, c.ins, c.p1, c.p2]);
    if (!do8e || !sameBytes(cipher.mac(pad(Buffer.concat([this.session.ssc, pad(header, bs), ...covered]), bs)), do8e.value)) {
      this.session = undefined;
      return status(0x6988);
    }
    const data = do87 ? unpad(cipher.decrypt(Buffer.from(do87.value.subarray(1)), this.session.ssc), bs)
      : do85 ? unpad(cipher.decrypt(Buffer.from(do85.value), this.session.ssc), bs) : undefined;
    const le = do97 ? do97.value[0] || 256 : undefined;
    const { data: out, sw } = this.execute(c.ins, c.p1, c.p2, data, le);
    return this.protectResponse(out, sw, (c.ins & 1) === 1);
  }

  /** The chip's side of PACE generic mapping, one General Authenticate at a time. */
  private paceStep(c: CommandApdu): Buffer {
    const st = this.paceState!;
    const inner = readAll(readAll(Buffer.from(c.data ?? []))[0].value);
    const value = (tag: number) => inner.find((t) => t.tag === tag)?.value;
    const curve = st.curve;
    const reply = (tag: number, v: Buffer) => ok(encodeTlv(0x7c, encodeTlv(tag, v)));
    if (st.step === 0) {
      st.nonce = randomBytes(16);
      st.step = 1;
      const z = aesCbc(st.kPi, st.nonce, Buffer.alloc(16), false);
      return reply(0x80, z);
    }
    if (st.step === 1) {
      const mapKey = randomScalar(curve);
      st.generator = mapGenerator(curve, st.nonce!, mapKey, decodePoint(curve, value(0x81)!));
      st.step = 2;
      return reply(0x82, encodePoint(curve, publicKey(curve, mapKey, curve.g)));
    }
    if (st.step === 2) {
      st.ephemeral = randomScalar(curve);
      st.pkT = decodePoint(curve, value(0x83)!);
      st.pkIc = publicKey(curve, st.ephemeral, st.generator!);
      const secret = sharedSecret(curve, st.ephemeral, st.pkT);
      st.keys = { enc: kdfAes(secret, 1, 'AES-128'), mac: kdfAes(secret, 2, 'AES-128') };
      st.step = 3;
      return reply(0x84, encodePoint(curve, st.pkIc));
    }
    const token = value(0x85);
    this.paceState = undefined;
    // A wrong token means the terminal derived other keys: the MRZ was wrong.
    if (!token || !sameBytes(token, authenticationToken(st.keys!.mac, PACE_OID, curve, st.pkIc!))) return status(0x6300);
    this.session = { cipher: aesSm(st.keys!), ssc: Buffer.alloc(16) };
    this.appSelected = false;
    return ok(encodeTlv(0x7c, encodeTlv(0x86, authenticationToken(st.keys!.mac, PACE_OID, curve, st.pkT!))));
  }

  private execute(ins: number, p1: number, p2: number, data: Buffer | undefined, le: number | undefined): { data: Buffer; sw: number } {
    const none = Buffer.alloc(0);
    if (ins === 0xa4 && p1 === 0x04) {
      this.appSelected = data !== undefined && data.equals(LDS1_AID);
      return { data: none, sw: this.appSelected ? 0x9000 : 0x6a82 };
    }
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
    if (ins === 0xb1 && !this.opts.noOddReadBinary) {
      // The offset in DO'54' (P1-P2 0000: the selected EF), the data back in DO'53'.
      if (!this.selected) return { data: none, sw: 0x6986 };
      const do54 = data ? readAll(data).find((o) => o.tag === 0x54) : undefined;
      if (p1 !== 0 || p2 !== 0 || !do54) return { data: none, sw: 0x6a86 };
      const offset = do54.value.readUIntBE(0, do54.value.length);
      if (offset >= this.selected.length) return { data: none, sw: 0x6b00 };
      // Le counts DO'53''s header too.
      const wanted = Math.min(le ?? 256, this.opts.maxRead ?? 256);
      const chunk = this.selected.subarray(offset, offset + wanted - (wanted > 0x82 ? 3 : 2));
      return { data: encodeTlv(0x53, Buffer.from(chunk)), sw: 0x9000 };
    }
    return { data: none, sw: 0x6d00 };
  }

  private protectResponse(data: Buffer, sw: number, oddIns = false): Buffer {
    const { cipher, ssc } = this.session!;
    const bs = cipher.block;
    this.increment();
    const do87 = data.length === 0 ? Buffer.alloc(0)
      : oddIns ? encodeTlv(0x85, cipher.encrypt(pad(data, bs), ssc))
        : encodeTlv(0x87, Buffer.concat([Buffer.from([1]), cipher.encrypt(pad(data, bs), ssc)]));
    const do99 = encodeTlv(0x99, Buffer.from([sw >> 8, sw & 0xff]));
    const mac = cipher.mac(pad(Buffer.concat([ssc, do87, do99]), bs));
    return encodeResponse({ data: Buffer.concat([do87, do99, encodeTlv(0x8e, mac)]), sw: 0x9000 });
  }
}
