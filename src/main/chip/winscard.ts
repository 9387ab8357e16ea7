import { EkycError } from '../../shared/errors';
import type { CardTransport } from './transport';
import { cardError, MAX_RECEIVE, pcscHex, PCSC_RV, type OpenedCard, type PcscService, type ReaderState } from './pcsc';

/**
 * PC/SC through the platform's own library: WinSCard (winscard.dll) on Windows, the PCSC
 * framework on macOS, libpcsclite.so.1 on Linux. They share one C API (the PC/SC workgroup's
 * SCard* functions) but not its types, which is why the ABI table below exists. The calls go
 * through koffi, a C foreign-function interface on Node-API whose npm package carries
 * prebuilt binaries for every platform the station ships on: nothing is compiled at install
 * and the same binary loads in Node and in Electron.
 *
 * On Linux the station talks to pcscd's socket directly (pcsc.ts) and uses this module only
 * when asked (EKYC_PCSC=library) or when pcscd speaks a protocol version the socket client
 * does not; the vpcd test (test/main/chip/pcsc-vpcd.test.ts) reads a chip through this
 * module against libpcsclite, the same code path WinSCard takes with Windows' types.
 */

/** How the platform's PC/SC library spells the API's types (koffi type names). */
export interface WinscardAbi {
  library: string;
  /** DWORD */
  dword: string;
  /** LONG, the return value */
  long: string;
  /** SCARDCONTEXT and SCARDHANDLE */
  handle: string;
  /** SCARD_READERSTATE.rgbAtr's length */
  atrSize: number;
  /** macOS declares SCARD_READERSTATE under #pragma pack(1). */
  packedReaderState: boolean;
  /** Windows exports the text functions as ...A (ANSI) and ...W. */
  textSuffix: '' | 'A';
  convention: '' | '__stdcall';
}

/**
 * Pure: the ABI of `platform`'s PC/SC library, from its headers: Windows' winscard.h (DWORD
 * and LONG 32-bit, handles ULONG_PTR, a 36-byte ATR), Apple's PCSC framework (fixed 32-bit
 * DWORD and LONG, 32-bit handles, a packed reader state) and pcsc-lite (C's unsigned long and
 * long, 64-bit on 64-bit Linux; handles are LONG).
 */
export function winscardAbi(platform: NodeJS.Platform): WinscardAbi {
  if (platform === 'win32') {
    return { library: 'winscard.dll', dword: 'unsigned long', long: 'long', handle: 'uintptr_t', atrSize: 36, packedReaderState: false, textSuffix: 'A', convention: '__stdcall' };
  }
  if (platform === 'darwin') {
    return { library: '/System/Library/Frameworks/PCSC.framework/PCSC', dword: 'uint32_t', long: 'int32_t', handle: 'int32_t', atrSize: 33, packedReaderState: true, textSuffix: '', convention: '' };
  }
  return { library: 'libpcsclite.so.1', dword: 'unsigned long', long: 'long', handle: 'long', atrSize: 33, packedReaderState: false, textSuffix: '', convention: '' };
}

/** Pure: the reader names in a PC/SC multi-string (each NUL-terminated, a second NUL at the end). */
export function parseMultiString(bytes: Buffer): string[] {
  return bytes.toString('utf8').split('\0').filter((name) => name !== '');
}

const SCOPE_SYSTEM = 2;
const SHARE_EXCLUSIVE = 1;
const PROTOCOL_T0_T1 = 3;
const LEAVE_CARD = 0;
const STATE_UNAWARE = 0;
const STATE_PRESENT = 0x0020;
const STATE_MUTE = 0x0200;

// koffi's own typings describe its values loosely; these are the few shapes used here.
type Call = ((...args: unknown[]) => number) & { async: (...args: unknown[]) => void };
interface Koffi {
  load(path: string): { func(convention: string, name: string, result: string, params: unknown[]): Call; func(name: string, result: string, params: unknown[]): Call; unload(): void };
  struct(def: Record<string, unknown>): unknown;
  pack(def: Record<string, unknown>): unknown;
  array(type: string, length: number): unknown;
  pointer(type: unknown): unknown;
  out(type: unknown): unknown;
  inout(type: unknown): unknown;
  sizeof(type: unknown): number;
}

interface Api {
  establish: Call;
  release: Call;
  listReaders: Call;
  statusChange: Call;
  connect: Call;
  transmit: Call;
  disconnect: Call;
  ioRequestSize: number;
  atrSize: number;
  unload(): void;
}

/** The library and its functions, loaded once per process (and again only for another ABI, in tests). */
let loaded: { key: string; api: Api } | undefined;

function loadApi(abi: WinscardAbi): Api {
  const key = JSON.stringify(abi);
  if (loaded?.key === key) return loaded.api;
  let koffi: Koffi;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when the library path is taken
    koffi = require('koffi') as Koffi;
  } catch (err) {
    throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC binding (koffi) cannot load on ${process.platform}-${process.arch}: ${(err as Error).message}; reinstall the station`);
  }
  let lib: ReturnType<Koffi['load']>;
  try {
    lib = koffi.load(abi.library);
  } catch (err) {
    throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC library ${abi.library} cannot be loaded (${(err as Error).message}): ${process.platform === 'linux' ? 'install pcscd and libpcsclite1 (Debian: apt install pcscd)' : 'the system\'s smart-card service is missing'}`, { library: abi.library });
  }
  const { dword: D, long: L, handle: H } = abi;
  // Anonymous structs: koffi keeps named types for the process, and a test may load two ABIs.
  const readerState = (abi.packedReaderState ? koffi.pack : koffi.struct)({
    szReader: 'const char *',
    pvUserData: 'void *',
    dwCurrentState: D,
    dwEventState: D,
    cbAtr: D,
    rgbAtr: koffi.array('uint8_t', abi.atrSize),
  });
  const ioRequest = koffi.struct({ dwProtocol: D, cbPciLength: D });
  const fn = (name: string, params: unknown[]): Call => (abi.convention ? lib.func(abi.convention, name, L, params) : lib.func(name, L, params));
  const api: Api = {
    establish: fn('SCardEstablishContext', [D, 'void *', 'void *', koffi.out(koffi.pointer(H))]),
    release: fn('SCardReleaseContext', [H]),
    listReaders: fn(`SCardListReaders${abi.textSuffix}`, [H, 'const char *', 'void *', koffi.inout(koffi.pointer(D))]),
    statusChange: fn(`SCardGetStatusChange${abi.textSuffix}`, [H, D, koffi.inout(koffi.pointer(readerState)), D]),
    connect: fn(`SCardConnect${abi.textSuffix}`, [H, 'const char *', D, D, koffi.out(koffi.pointer(H)), koffi.out(koffi.pointer(D))]),
    transmit: fn('SCardTransmit', [H, koffi.pointer(ioRequest), 'void *', D, 'void *', 'void *', koffi.inout(koffi.pointer(D))]),
    disconnect: fn('SCardDisconnect', [H, D]),
    ioRequestSize: koffi.sizeof(ioRequest),
    atrSize: abi.atrSize,
    unload: () => lib.unload(),
  };
  loaded = { key, api };
  return api;
}

/** Runs a blocking SCard call on koffi's worker thread, so a slow reader never stalls the event loop. */
function inWorker(call: Call, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) => {
    call.async(...args, (err: Error | null, rv: number) => (err ? reject(err) : resolve(rv >>> 0)));
  });
}

export class WinscardContext implements PcscService {
  private constructor(private readonly api: Api, private readonly context: unknown) {}

  static async establish(abi = winscardAbi(process.platform)): Promise<WinscardContext> {
    const api = loadApi(abi);
    const out: unknown[] = [null];
    const rv = await inWorker(api.establish, SCOPE_SYSTEM, null, null, out);
    if (rv === PCSC_RV.NO_SERVICE || rv === PCSC_RV.SERVICE_STOPPED) {
      throw new EkycError('CHIP_READER_NOT_FOUND', `the smart-card service is not running (${pcscHex(rv)}): ${process.platform === 'win32' ? 'plug in the reader (Windows starts its Smart Card service when one is connected)' : process.platform === 'linux' ? 'start pcscd (systemctl enable --now pcscd.socket)' : 'plug in the reader'}`, { rv: pcscHex(rv) });
    }
    if (rv !== 0) throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC library ${abi.library} refused a context (${pcscHex(rv)})`, { rv: pcscHex(rv) });
    return new WinscardContext(api, out[0]);
  }

  async readers(): Promise<ReaderState[]> {
    const length = [0];
    let rv = this.api.listReaders(this.context, null, null, length) >>> 0;
    if (rv === PCSC_RV.NO_READERS) return [];
    if (rv !== 0) throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC library could not list the readers (${pcscHex(rv)})`, { rv: pcscHex(rv) });
    const names = Buffer.alloc(Math.max(2, Number(length[0])));
    rv = this.api.listReaders(this.context, null, names, length) >>> 0;
    if (rv === PCSC_RV.NO_READERS) return [];
    if (rv !== 0) throw new EkycError('CHIP_READER_NOT_FOUND', `the PC/SC library could not list the readers (${pcscHex(rv)})`, { rv: pcscHex(rv) });
    const out: ReaderState[] = [];
    for (const name of parseMultiString(names.subarray(0, Number(length[0])))) {
      const state = { szReader: name, pvUserData: null, dwCurrentState: STATE_UNAWARE, dwEventState: 0, cbAtr: 0, rgbAtr: new Array<number>(this.api.atrSize).fill(0) };
      // Timeout 0: the state as it is now (SCARD_E_TIMEOUT would mean "unchanged", never with UNAWARE).
      const srv = this.api.statusChange(this.context, 0, state, 1) >>> 0;
      const present = srv === 0 && (Number(state.dwEventState) & STATE_PRESENT) !== 0 && (Number(state.dwEventState) & STATE_MUTE) === 0;
      out.push({ name, cardPresent: present });
    }
    return out;
  }

  /** Connects exclusively, so no other program interleaves APDUs with the session's SSC. */
  async connect(reader: string): Promise<OpenedCard> {
    const card: unknown[] = [null];
    const protocol = [0];
    const rv = await inWorker(this.api.connect, this.context, reader, SHARE_EXCLUSIVE, PROTOCOL_T0_T1, card, protocol);
    if (rv !== 0) throw cardError(rv, reader, 'connecting to the card');
    const handle = card[0];
    const sendPci = { dwProtocol: Number(protocol[0]), cbPciLength: this.api.ioRequestSize };
    const transport: CardTransport = {
      transmit: async (command) => {
        const response = Buffer.alloc(MAX_RECEIVE);
        const length = [MAX_RECEIVE];
        const trv = await inWorker(this.api.transmit, handle, sendPci, command, command.length, null, response, length);
        if (trv !== 0) throw cardError(trv, reader, 'an APDU');
        const n = Number(length[0]);
        if (n > MAX_RECEIVE) throw new EkycError('CHIP_PROTOCOL', `the PC/SC library announced a ${n}-byte response`);
        // As over pcscd's socket: a reader that returns no status word has lost the card.
        if (n < 2) throw new EkycError('CHIP_REMOVED', `the document stopped answering on ${reader} (no status word): it was moved off the reader; lay it flat and read again`);
        return Buffer.from(response.subarray(0, n));
      },
    };
    return {
      reader,
      transport,
      close: async () => {
        // A card already gone makes SCardDisconnect fail; the context is released either way.
        await inWorker(this.api.disconnect, handle, LEAVE_CARD).catch(() => undefined);
        await this.release();
      },
    };
  }

  async release(): Promise<void> {
    const rv = this.api.release(this.context) >>> 0;
    if (rv !== 0 && rv !== PCSC_RV.INVALID_HANDLE) throw new EkycError('CHIP_PROTOCOL', `the PC/SC library could not release its context (${pcscHex(rv)})`, { rv: pcscHex(rv) });
  }
}
