import { EkycError } from '../../shared/errors';
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from './apdu';
import type { SecureMessaging } from './secure-messaging';

/**
 * A card in a reader, as the chip code sees it: raw APDU bytes out, raw response bytes in.
 * The PC/SC binding implements it for a real reader, the tests with a simulated chip. An
 * implementation rejects with EkycError CHIP_REMOVED when the card left the field.
 */
export interface CardTransport {
  transmit(command: Buffer): Promise<Buffer>;
}

/** How long one APDU may take. A DG2 chunk takes tens of ms on a desk reader; 5 s is a dead chip. */
export const APDU_TIMEOUT_MS = 5000;

/** Rejects with CHIP_TIMEOUT when `work` does not settle within `ms`, so no read can hang. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EkycError('CHIP_TIMEOUT', `the chip did not answer ${what} within ${ms} ms: hold the document still on the reader`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** A command/response channel over a transport, in plain text or under secure messaging. */
export class ApduChannel {
  private sm: SecureMessaging | undefined;

  constructor(private readonly transport: CardTransport, private readonly timeoutMs = APDU_TIMEOUT_MS) {}

  /** From now on every command is protected and every response checked. */
  startSecureMessaging(sm: SecureMessaging): void {
    this.sm = sm;
  }

  get secured(): boolean {
    return this.sm !== undefined;
  }

  async send(command: CommandApdu, what: string): Promise<ResponseApdu> {
    const bytes = this.sm ? this.sm.protect(command) : encodeCommand(command);
    const raw = await withTimeout(this.transport.transmit(bytes), this.timeoutMs, what);
    let response: ResponseApdu;
    try {
      response = decodeResponse(raw);
    } catch (err) {
      throw new EkycError('CHIP_PROTOCOL', `the chip's answer to ${what} is malformed: ${(err as Error).message}`);
    }
    return this.sm ? this.sm.unprotect(response) : response;
  }
}
