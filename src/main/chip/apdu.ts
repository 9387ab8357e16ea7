/** ISO/IEC 7816-4 command and response APDUs, short length fields only (what BAC readers use). */

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  data?: Uint8Array;
  /** Expected response length; 0 means 256 (up to 256 bytes); undefined means no Le. */
  le?: number;
}

export interface ResponseApdu {
  data: Buffer;
  sw: number;
}

export function encodeCommand(c: CommandApdu): Buffer {
  const parts: number[] = [c.cla, c.ins, c.p1, c.p2];
  if (c.data && c.data.length > 0) {
    if (c.data.length > 255) throw new Error('extended-length APDUs are not used here');
    parts.push(c.data.length, ...c.data);
  }
  if (c.le !== undefined) parts.push(c.le & 0xff);
  return Buffer.from(parts);
}

/** Parses a command (what a card sees), for the simulated chip of the tests and for logs. */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new Error('APDU shorter than its header');
  const [cla, ins, p1, p2] = bytes;
  if (bytes.length === 4) return { cla, ins, p1, p2 };
  if (bytes.length === 5) return { cla, ins, p1, p2, le: bytes[4] };
  const lc = bytes[4];
  const data = Buffer.from(bytes.subarray(5, 5 + lc));
  if (data.length !== lc) throw new Error('APDU shorter than its Lc');
  const rest = bytes.length - 5 - lc;
  if (rest === 0) return { cla, ins, p1, p2, data };
  if (rest === 1) return { cla, ins, p1, p2, data, le: bytes[5 + lc] };
  throw new Error('APDU longer than Lc and Le');
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new Error(`response of ${bytes.length} bytes has no status word`);
  const n = bytes.length;
  return { data: Buffer.from(bytes.subarray(0, n - 2)), sw: (bytes[n - 2] << 8) | bytes[n - 1] };
}

export function encodeResponse(r: ResponseApdu): Buffer {
  return Buffer.concat([r.data, Buffer.from([r.sw >> 8, r.sw & 0xff])]);
}

export const SW = {
  OK: 0x9000,
  /** 6982: security status not satisfied (BAC/PACE needed, or a wrong cryptogram). */
  SECURITY_NOT_SATISFIED: 0x6982,
  /** 6988: secure-messaging data objects incorrect. */
  SM_OBJECTS_INCORRECT: 0x6988,
  FILE_NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  END_OF_FILE: 0x6282,
  WRONG_LENGTH: 0x6700,
} as const;

export function swHex(sw: number): string {
  return sw.toString(16).toUpperCase().padStart(4, '0');
}
