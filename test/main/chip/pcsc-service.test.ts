/**
 * Which way the station reaches the readers, and the fall-back from pcscd's socket to the
 * system library when pcscd speaks a socket protocol the client does not.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PcscContext, type PcscService } from '../../../src/main/chip/pcsc';
import { establishPcscService, pcscWay, type PcscEstablishers } from '../../../src/main/chip/pcsc-service';

describe('pcscWay', () => {
  it('reads through the system library on Windows and macOS, whatever the setting: they have no pcscd socket', () => {
    expect(pcscWay('win32', undefined)).toBe('library');
    expect(pcscWay('darwin', 'socket')).toBe('library');
  });

  it("talks to pcscd's socket on Linux unless EKYC_PCSC=library", () => {
    expect(pcscWay('linux', undefined)).toBe('socket');
    expect(pcscWay('linux', '')).toBe('socket');
    expect(pcscWay('linux', 'library')).toBe('library');
  });

  it('names a wrong EKYC_PCSC and the values it takes', () => {
    expect(() => pcscWay('linux', 'winscard')).toThrow(expect.objectContaining({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/EKYC_PCSC is "winscard".*"socket".*"library"/) }));
  });
});

/** A pcscd stand-in that refuses every protocol version it is offered (as a future pcscd would). */
function pcscdOfAnotherVersion(path: string): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('data', () => {
      // The VERSION reply: major, minor (the daemon's own), rv = SCARD_E_SERVICE_STOPPED.
      const reply = Buffer.alloc(12);
      reply.writeUInt32LE(4, 0);
      reply.writeUInt32LE(9, 4);
      reply.writeUInt32LE(0x8010001e, 8);
      socket.write(reply);
    });
  });
  return new Promise((resolve) => server.listen(path, () => resolve(server)));
}

const describeOnLittleEndianLinux = process.platform === 'linux' && new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? describe : describe.skip;

describeOnLittleEndianLinux('establishPcscService', () => {
  const work = mkdtempSync(join(tmpdir(), 'ekyc-pcsc-service-'));
  const socketPath = join(work, 'pcscd.comm');
  let server: Server;
  const libraryService = { readers: async () => [], connect: async () => { throw new Error('unused'); }, release: async () => undefined } satisfies PcscService;
  const ways: PcscEstablishers = { socket: (path) => PcscContext.establish(path), library: async () => libraryService };

  beforeAll(async () => {
    server = await pcscdOfAnotherVersion(socketPath);
  });
  afterAll(() => {
    server.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('falls back to the system library when pcscd speaks a socket protocol the client does not', async () => {
    await expect(establishPcscService(socketPath, undefined, ways)).resolves.toBe(libraryService);
  });

  it('with EKYC_PCSC=socket, names the protocol version instead', async () => {
    await expect(establishPcscService(socketPath, 'socket', ways)).rejects.toMatchObject({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/speaks protocol 4\.9, which this station's socket client does not/) });
  });

  it('does not fall back when pcscd is not running at all: that is the message the operator needs', async () => {
    await expect(establishPcscService(join(work, 'none.comm'), undefined, ways)).rejects.toMatchObject({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/PC\/SC service is not running/) });
  });
});
