/**
 * Puts a simulated chip into Debian's virtual reader (vsmartcard-vpcd, a pcscd driver):
 * vpcd listens on TCP 35963 for a virtual card, as vsmartcard's `vicc` is, and relays
 * pcscd's APDUs to it. Its framing: a 2-byte big-endian length, then either a 1-byte control
 * (0 power off, 1 power on, 2 reset, 4 send your ATR) or an APDU, answered the same way.
 * With it, a test runs the station's PC/SC client against the real pcscd.
 */
import { connect, type Socket } from 'node:net';
import type { CardTransport } from '../../src/main/chip/transport';

/** ISO 14443-4 card seen through a PC/SC contactless reader, no historical bytes (PC/SC part 3). */
const ATR = Buffer.from('3B80800101', 'hex');
export const VPCD_PORT = 35963;

export class VpcdCard {
  private buffer = Buffer.alloc(0);
  private apdus = 0;

  private constructor(private readonly socket: Socket, private readonly card: CardTransport, private readonly leaveAfter?: number) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      void this.drain();
    });
    // The reader going away ends the test's card; the test sees it through pcscd.
    socket.on('error', () => socket.destroy());
  }

  /** Inserts `card` into the virtual reader; `leaveAfter` APDUs later it is pulled out. */
  static insert(card: CardTransport, options: { port?: number; leaveAfter?: number } = {}): Promise<VpcdCard> {
    return new Promise((resolve, reject) => {
      const socket = connect(options.port ?? VPCD_PORT, '127.0.0.1');
      socket.once('connect', () => resolve(new VpcdCard(socket, card, options.leaveAfter)));
      socket.once('error', reject);
    });
  }

  private draining = false;

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.buffer.length >= 2) {
        const n = this.buffer.readUInt16BE(0);
        if (this.buffer.length < 2 + n) break;
        const msg = this.buffer.subarray(2, 2 + n);
        this.buffer = this.buffer.subarray(2 + n);
        if (n === 1) {
          if (msg[0] === 4) this.send(ATR);
          continue;
        }
        this.apdus++;
        if (this.leaveAfter !== undefined && this.apdus > this.leaveAfter) {
          this.remove();
          return;
        }
        this.send(await this.card.transmit(Buffer.from(msg)));
      }
    } finally {
      this.draining = false;
    }
  }

  private send(data: Buffer): void {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(data.length);
    this.socket.write(Buffer.concat([len, data]));
  }

  /** Pulls the card out of the reader. */
  remove(): void {
    this.socket.destroy();
  }
}
