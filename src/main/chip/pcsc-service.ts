import { EkycError } from '../../shared/errors';
import { PcscContext, type OpenedCard, type PcscService } from './pcsc';
import { WinscardContext } from './winscard';

/** Which way reaches the readers: pcscd's socket (Linux) or the platform's PC/SC library. */
export type PcscWay = 'socket' | 'library';

/**
 * Pure: the way for this platform. Windows and macOS have only their PC/SC library. On Linux
 * the socket client needs no native code, so it is the default; EKYC_PCSC=library (or
 * socket) overrides, for a pcscd whose socket protocol the client does not speak.
 */
export function pcscWay(platform: NodeJS.Platform, setting: string | undefined): PcscWay {
  if (setting !== undefined && setting !== '' && setting !== 'socket' && setting !== 'library') {
    throw new EkycError('CHIP_READER_NOT_FOUND', `EKYC_PCSC is "${setting}"; it must be "socket" (pcscd's socket, Linux) or "library" (the system's PC/SC library)`);
  }
  if (platform === 'win32' || platform === 'darwin') return 'library';
  return setting === 'library' ? 'library' : 'socket';
}

/** How each way opens a context (tests give their own). */
export interface PcscEstablishers {
  socket: (socketPath?: string) => Promise<PcscService>;
  library: () => Promise<PcscService>;
}

const REAL_WAYS: PcscEstablishers = { socket: (path) => PcscContext.establish(path), library: () => WinscardContext.establish() };

/**
 * A PC/SC context the platform's way. On Linux, when pcscd answers but speaks a socket
 * protocol version the client does not know (a pcsc-lite newer than 2.1), libpcsclite, which
 * always speaks its own daemon's version, is used instead (unless EKYC_PCSC=socket).
 */
export async function establishPcscService(socketPath?: string, setting = process.env.EKYC_PCSC, ways: PcscEstablishers = REAL_WAYS): Promise<PcscService> {
  if (pcscWay(process.platform, setting) === 'library') return ways.library();
  try {
    return await ways.socket(socketPath);
  } catch (err) {
    if (err instanceof EkycError && err.details?.reason === 'protocol-version' && setting !== 'socket') return ways.library();
    throw err;
  }
}

/**
 * Opens the card on the reader named (a case-insensitive part of its name is enough), or
 * on the first reader holding a card. Each failure is its own named error: no service, no
 * reader, no such reader, no card.
 */
export async function openPcscCard(readerName: string | undefined, socketPath?: string, waitMs = 0, establish: () => Promise<PcscService> = () => establishPcscService(socketPath)): Promise<OpenedCard> {
  const ctx = await establish();
  try {
    let readers = await ctx.readers();
    // Waiting for the operator to lay the document down: pcscd's reader states are polled
    // (they change within its own polling interval, well under a second).
    const until = Date.now() + waitMs;
    const matching = () => readers.filter((r) => readerName === undefined || r.name.toLowerCase().includes(readerName.toLowerCase()));
    while (Date.now() < until && !matching().some((r) => r.cardPresent)) {
      await new Promise((r) => setTimeout(r, 200));
      readers = await ctx.readers();
    }
    if (readers.length === 0) throw new EkycError('CHIP_READER_NOT_FOUND', 'no smart-card reader is connected: plug in a PC/SC contactless reader');
    const list = readers.map((r) => `"${r.name}"${r.cardPresent ? ' (card present)' : ''}`).join(', ');
    const candidates = readerName === undefined ? readers : readers.filter((r) => r.name.toLowerCase().includes(readerName.toLowerCase()));
    if (candidates.length === 0) throw new EkycError('CHIP_READER_NOT_FOUND', `no reader named "${readerName}"; connected: ${list}`);
    const withCard = candidates.find((r) => r.cardPresent);
    if (!withCard) throw new EkycError('CHIP_NO_CARD', `no document on ${readerName === undefined ? 'any reader' : `"${candidates[0].name}"`}: lay the chip page (or the card) on the reader (readers: ${list})`);
    return await ctx.connect(withCard.name);
  } catch (err) {
    // The error the operator needs is `err`; a failed release only means pcscd already dropped us.
    await ctx.release().catch((releaseErr: Error) => {
      if (err instanceof EkycError && err.details) err.details.releaseError = releaseErr.message;
    });
    throw err;
  }
}
