import { connect, type Socket } from 'node:net';
import { endianness } from 'node:os';
import { EkycError } from '../../shared/errors';
import type { CardTransport } from './transport';

/**
 * A PC/SC client for pcsc-lite (Linux: Debian's `pcscd`), speaking pcscd's Unix-socket
 * protocol directly, as libpcsclite does, so no native npm binding has to be built for Node
 * and again for Electron. The messages are pcsc-lite's C structs (winscard_msg.h, readers.h)
 * in host byte order; every one is made of 4-byte integers and byte arrays.
 *
 * Windows (WinSCard) and macOS (Apple's PCSC framework) have no such socket: there the
 * station calls the platform's PC/SC library (winscard.ts); pcsc-service.ts chooses.
 */

const CMD = { ESTABLISH_CONTEXT: 0x01, RELEASE_CONTEXT: 0x02, CONNECT: 0x04, DISCONNECT: 0x06, TRANSMIT: 0x09, VERSION: 0x11, GET_READERS_STATE: 0x12 } as const;
const PROTOCOL_MAJOR = 4;
/** pcsc-lite 1.8.24 to 1.9.x speak 4.4, 2.0 and 2.1 speak 4.5; both send the reader array whole. */
const PROTOCOL_MINORS = [4, 5];
const MAX_READERNAME = 128;
const MAX_READERS = 16;
const READER_STATE_SIZE = 184;
const CONNECT_SIZE = 4 + MAX_READERNAME + 5 * 4;
const TRANSMIT_SIZE = 32;
const IO_REQUEST_SIZE = 16; // sizeof(SCARD_IO_REQUEST): two unsigned longs on a 64-bit host.
const SCOPE_SYSTEM = 2;
const SHARE_EXCLUSIVE = 1;
const PROTOCOL_T0_T1 = 3;
const LEAVE_CARD = 0;
const STATE_PRESENT = 0x0004;
/** The largest response an extended-length APDU under secure messaging can bring. */
export const MAX_RECEIVE = 4 + 3 + 65536 + 3 + 2;

/** PC/SC return values (the same numbers in WinSCard, Apple's PCSC and pcsc-lite). */
export const PCSC_RV = {
  INVALID_HANDLE: 0x80100003,
  NO_SMARTCARD: 0x8010000c,
  UNKNOWN_READER: 0x80100009,
  READER_UNAVAILABLE: 0x80100017,
  NO_READERS: 0x8010002e,
  UNRESPONSIVE: 0x80100066,
  UNPOWERED: 0x80100067,
  RESET: 0x80100068,
  REMOVED: 0x80100069,
  SHARING: 0x8010000b,
  NO_SERVICE: 0x8010001d,
  SERVICE_STOPPED: 0x8010001e,
} as const;

/** How long pcscd itself may take for one request before the station gives up on it. */
const DAEMON_TIMEOUT_MS = 5000;

export const DEFAULT_PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

export interface ReaderState {
  name: string;
  cardPresent: boolean;
}

/** A PC/SC context, whichever way it reaches the readers: pcscd's socket or the platform's library (winscard.ts). */
export interface PcscService {
  readers(): Promise<ReaderState[]>;
  connect(reader: string): Promise<OpenedCard>;
  release(): Promise<void>;
}

export interface OpenedCard {
  reader: string;
  transport: CardTransport;
  close(): Promise<void>;
}

const LE = endianness() === 'LE';
const u32 = (b: Buffer, o: number) => (LE ? b.readUInt32LE(o) : b.readUInt32BE(o));
function put(b: Buffer, o: number, v: number): void {
  if (LE) b.writeUInt32LE(v >>> 0, o);
  else b.writeUInt32BE(v >>> 0, o);
}
function words(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => put(b, i * 4, v));
  return b;
}
export const pcscHex = (rv: number): string => `0x${rv.toString(16).toUpperCase().padStart(8, '0')}`;

function serviceMissing(path: string, cause: string): EkycError {
  return new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC service is not running (${cause} at ${path}): on Linux install and start pcscd (Debian: apt install pcscd; systemctl enable --now pcscd.socket)`, { socket: path });
}

/** One connection to pcscd: requests go out with a header, replies are read by exact length. */
class PcscdSocket {
  private buffer = Buffer.alloc(0);
  private waiting: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket, private readonly path: string) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.deliver();
    });
    const end = (err?: Error) => {
      this.failure ??= new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC service closed the connection${err ? `: ${err.message}` : ''}`);
      this.waiting?.reject(this.failure);
      this.waiting = undefined;
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  static open(path: string): Promise<PcscdSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect(path);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(serviceMissing(path, 'no answer'));
      }, DAEMON_TIMEOUT_MS);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new PcscdSocket(socket, path));
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(serviceMissing(path, err.code ?? err.message));
      });
    });
  }

  private deliver(): void {
    if (this.waiting && this.buffer.length >= this.waiting.n) {
      const { n, resolve } = this.waiting;
      this.waiting = undefined;
      const out = this.buffer.subarray(0, n);
      this.buffer = this.buffer.subarray(n);
      resolve(Buffer.from(out));
    }
  }

  read(n: number, timeoutMs: number, what: string): Promise<Buffer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = undefined;
        // A late reply would be read as the next one's: the connection is done with.
        this.socket.destroy();
        reject(new EkycError('CHIP_TIMEOUT', `the PC/SC service did not answer ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = {
        n,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      this.deliver();
    });
  }

  /** Sends a command (header + body + optional payload) and reads `replySize` bytes back. */
  async request(command: number, body: Buffer, replySize: number, what: string, payload?: Buffer, timeoutMs = DAEMON_TIMEOUT_MS): Promise<Buffer> {
    if (this.failure) throw this.failure;
    this.socket.write(Buffer.concat([words(body.length, command), body, payload ?? Buffer.alloc(0)]));
    return this.read(replySize, timeoutMs, what);
  }

  close(): void {
    this.socket.destroy();
  }

  get socketPath(): string {
    return this.path;
  }
}

/** A connection that has agreed a protocol version and holds a context. */
export class PcscContext implements PcscService {
  private constructor(private readonly conn: PcscdSocket, private readonly context: number) {}

  static async establish(path = process.env.PCSCLITE_CSOCK_NAME ?? DEFAULT_PCSCD_SOCKET): Promise<PcscContext> {
    if (process.platform === 'win32' || process.platform === 'darwin') {
      throw new EkycError('CHIP_READER_NOT_FOUND', `pcscd's socket exists on Linux only; on ${process.platform} the station reads through the system's PC/SC library (establishPcscService)`);
    }
    let serverMinor: number | undefined;
    for (const minor of PROTOCOL_MINORS) {
      const conn = await PcscdSocket.open(path);
      try {
        const reply = await conn.request(CMD.VERSION, words(PROTOCOL_MAJOR, minor, 0), 12, 'its version');
        if (u32(reply, 8) !== 0) {
          serverMinor = u32(reply, 4);
          conn.close();
          continue;
        }
        const est = await conn.request(CMD.ESTABLISH_CONTEXT, words(SCOPE_SYSTEM, 0, 0), 12, 'a new context');
        if (u32(est, 8) !== 0) throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC service refused a context (${pcscHex(u32(est, 8))})`);
        return new PcscContext(conn, u32(est, 4));
      } catch (err) {
        conn.close();
        throw err;
      }
    }
    throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC service speaks protocol ${PROTOCOL_MAJOR}.${serverMinor ?? '?'}, which this station's socket client does not (it speaks 4.4 and 4.5)`, { reason: 'protocol-version' });
  }

  async readers(): Promise<ReaderState[]> {
    const raw = await this.conn.request(CMD.GET_READERS_STATE, Buffer.alloc(0), MAX_READERS * READER_STATE_SIZE, 'the list of readers');
    const out: ReaderState[] = [];
    for (let i = 0; i < MAX_READERS; i++) {
      const rec = raw.subarray(i * READER_STATE_SIZE, (i + 1) * READER_STATE_SIZE);
      const nul = rec.indexOf(0);
      const name = rec.subarray(0, nul === -1 || nul > MAX_READERNAME ? MAX_READERNAME : nul).toString('utf8');
      if (name === '') continue;
      out.push({ name, cardPresent: (u32(rec, 132) & STATE_PRESENT) !== 0 });
    }
    return out;
  }

  /** Connects to the card in `reader`: exclusive, so no other program interleaves APDUs with the session's SSC. */
  async connect(reader: string): Promise<OpenedCard> {
    const body = Buffer.alloc(CONNECT_SIZE);
    put(body, 0, this.context);
    body.write(reader.slice(0, MAX_READERNAME - 1), 4, 'utf8');
    const o = 4 + MAX_READERNAME;
    put(body, o, SHARE_EXCLUSIVE);
    put(body, o + 4, PROTOCOL_T0_T1);
    const reply = await this.conn.request(CMD.CONNECT, body, CONNECT_SIZE, `a connection to ${reader}`);
    const rv = u32(reply, o + 16);
    if (rv !== 0) throw cardError(rv, reader, 'connecting to the card');
    const card = u32(reply, o + 8);
    const protocol = u32(reply, o + 12);
    const transport: CardTransport = {
      transmit: async (command) => {
        const t = words(card, protocol, IO_REQUEST_SIZE, command.length, protocol, IO_REQUEST_SIZE, MAX_RECEIVE, 0);
        const head = await this.conn.request(CMD.TRANSMIT, t, TRANSMIT_SIZE, 'an APDU', command);
        const trv = u32(head, 28);
        if (trv !== 0) throw cardError(trv, reader, 'an APDU');
        const length = u32(head, 24);
        if (length > MAX_RECEIVE) throw new EkycError('CHIP_PROTOCOL', `the PC/SC service announced a ${length}-byte response`);
        const response = await this.conn.read(length, DAEMON_TIMEOUT_MS, 'an APDU\'s response');
        // A card always answers with at least its status word; a reader that returns nothing
        // has lost the card (vpcd does this when its card goes; so do some contactless readers).
        if (response.length < 2) throw new EkycError('CHIP_REMOVED', `the document stopped answering on ${reader} (no status word): it was moved off the reader; lay it flat and read again`);
        return response;
      },
    };
    return {
      reader,
      transport,
      close: async () => {
        try {
          await this.conn.request(CMD.DISCONNECT, words(card, LEAVE_CARD, 0), 12, 'disconnect');
          await this.release();
        } catch {
          // The card or the service is already gone; the socket closes below either way.
          this.conn.close();
        }
      },
    };
  }

  async release(): Promise<void> {
    try {
      await this.conn.request(CMD.RELEASE_CONTEXT, words(this.context, 0), 8, 'release');
    } finally {
      this.conn.close();
    }
  }
}

export function cardError(rv: number, reader: string, doing: string): EkycError {
  if (rv === PCSC_RV.REMOVED || rv === PCSC_RV.RESET || rv === PCSC_RV.UNPOWERED) return new EkycError('CHIP_REMOVED', `the document left the reader ${reader} during ${doing}: lay it flat on the reader and read again`, { rv: pcscHex(rv) });
  if (rv === PCSC_RV.NO_SMARTCARD || rv === PCSC_RV.UNRESPONSIVE) return new EkycError('CHIP_NO_CARD', `no chip answers on ${reader}: lay the document's chip page (or the card) flat on the reader`, { rv: pcscHex(rv) });
  if (rv === PCSC_RV.SHARING) return new EkycError('CHIP_READER_NOT_FOUND', `another program holds the reader ${reader}; close it and read again`, { rv: pcscHex(rv) });
  if (rv === PCSC_RV.UNKNOWN_READER || rv === PCSC_RV.READER_UNAVAILABLE || rv === PCSC_RV.NO_READERS) return new EkycError('CHIP_READER_NOT_FOUND', `the reader ${reader} is gone (unplugged?)`, { rv: pcscHex(rv) });
  return new EkycError('CHIP_PROTOCOL', `the PC/SC service failed ${doing} on ${reader} with ${pcscHex(rv)}`, { rv: pcscHex(rv) });
}
