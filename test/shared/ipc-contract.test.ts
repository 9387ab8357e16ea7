import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { isErrorCode } from '../../src/shared/errors';
import {
  IPC_CHANNELS,
  IPC_METHODS,
  MAX_ENCODED_IMAGE_BYTES,
  MAX_FRAME_HEIGHT,
  MAX_FRAME_WIDTH,
  isIpcChannel,
  type IpcChannel,
} from '../../src/shared/ipc-contract';
import { validateRequest } from '../../src/shared/ipc-validation';
import { repoRoot } from '../helpers/paths';

const CONTRACT = join(repoRoot, 'src', 'shared', 'ipc-contract.ts');

/** Type errors of src/shared/ipc-contract.ts when its text is `text` (compiled as src/shared is). */
function contractErrors(text: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, 'tsconfig.shared.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (!config) throw new Error('tsconfig.shared.json did not parse');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => (file === CONTRACT ? ts.createSourceFile(file, text, language) : getSourceFile(file, language, ...rest));
  const program = ts.createProgram([CONTRACT, ...config.fileNames.filter((f) => f.endsWith('.d.ts'))], config.options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function rejection(channel: string, payload: unknown): { code: string; message: string } {
  try {
    validateRequest(channel as IpcChannel, payload);
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error(`${channel} accepted ${JSON.stringify(payload)?.slice(0, 80)}`);
}

const frame = (w: number, h: number, bytes = w * h * 4) => ({ width: w, height: h, rgba: new Uint8Array(bytes) });
const image = { fileName: 'id.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) };

/** Payloads no channel accepts. */
const NOT_OBJECTS: unknown[] = [undefined, null, 42, 'text', [], new Uint8Array(4)];

describe('the IPC contract', () => {
  it('names one preload method per channel, each channel once', () => {
    expect(new Set(Object.values(IPC_METHODS)).size).toBe(Object.keys(IPC_METHODS).length);
    expect(isIpcChannel('face:verify')).toBe(true);
    expect(isIpcChannel('constructor')).toBe(false);
  });

  it('does not compile when a channel of the contract has no preload method', () => {
    const source = readFileSync(CONTRACT, 'utf8');
    const withoutReadMrz = source.replace("  readMrz: 'document:read-mrz',\n", '');
    expect(withoutReadMrz).not.toBe(source);
    expect(contractErrors(source)).toEqual([]);
    expect(contractErrors(withoutReadMrz).join('\n')).toMatch(/missingMethodFor: "document:read-mrz"/);
  });

  it('rejects an unknown channel, including names of Object.prototype members', () => {
    for (const channel of ['face:unknown', 'constructor', '__proto__', 'toString']) {
      expect(rejection(channel, {}).code).toBe('INVALID_REQUEST');
    }
  });

  describe.each(IPC_CHANNELS.map((c) => [c]))('%s', (channel) => {
    it.each(NOT_OBJECTS.map((p) => [p]))('rejects the non-object payload %p with INVALID_REQUEST naming the channel', (payload) => {
      const { code, message } = rejection(channel, payload);
      expect(code).toBe('INVALID_REQUEST');
      expect(isErrorCode(code)).toBe(true);
      expect(message).toContain(channel);
    });

    it('rejects unexpected fields', () => {
      expect(rejection(channel, { smuggled: true }).message).toMatch(/unexpected field smuggled/);
    });
  });

  describe('requests without arguments (session:export, session:reset)', () => {
    it.each([['session:export'], ['session:reset'], ['chip:read']])('%s accepts only an empty object', (channel) => {
      expect(validateRequest(channel as IpcChannel, {})).toEqual({});
    });
  });

  describe('id:open-file', () => {
    it('says whether a preview is wanted, and nothing else', () => {
      expect(validateRequest('id:open-file', { preview: true })).toEqual({ preview: true });
      expect(rejection('id:open-file', {}).message).toMatch(/preview must be a boolean, got undefined/);
      expect(rejection('id:open-file', { preview: 'yes' }).message).toMatch(/preview must be a boolean/);
    });
  });

  describe.each([['id:analyze'], ['document:read-mrz']])('document handles on %s', (channel) => {
    const c = channel as IpcChannel;
    it('accept the handle main gave', () => {
      expect(validateRequest(c, { documentId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' })).toEqual({ documentId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' });
    });
    it('refuse anything else as a handle, and a handle with bytes beside it', () => {
      expect(rejection(c, { documentId: '../../etc/passwd' }).message).toMatch(/documentId must be the handle main gave/);
      expect(rejection(c, { documentId: 7 }).message).toMatch(/documentId must be the handle main gave for the document, got number 7/);
      expect(rejection(c, { documentId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b', bytes: new Uint8Array(1) }).message).toMatch(/unexpected field bytes/);
    });
  });

  it('document:read-mrz takes a handle only: the bytes never cross twice', () => {
    expect(rejection('document:read-mrz', image).message).toMatch(/unexpected fields? fileName, bytes/);
  });

  describe.each([['id:analyze']])('encoded images on %s', (channel) => {
    const c = channel as IpcChannel;
    it('accepts a file name and bytes', () => {
      expect(validateRequest(c, image)).toEqual(image);
    });
    it('rejects bytes that are not a Uint8Array', () => {
      expect(rejection(c, { fileName: 'a.jpg', bytes: [1, 2, 3] }).message).toMatch(/bytes must be a Uint8Array, got an array/);
      expect(rejection(c, { fileName: 'a.jpg', bytes: 'AAAA' }).message).toMatch(/bytes must be a Uint8Array/);
      expect(rejection(c, { fileName: 'a.jpg' }).message).toMatch(/bytes must be a Uint8Array, got undefined/);
    });
    it('rejects a missing or absurd file name', () => {
      expect(rejection(c, { bytes: new Uint8Array(1) }).message).toMatch(/fileName must be a string/);
      expect(rejection(c, { fileName: 'x'.repeat(1000), bytes: new Uint8Array(1) }).message).toMatch(/at most 255 characters/);
    });
    it('rejects an image over the size limit, saying how large it is', () => {
      const { code, message } = rejection(c, { fileName: 'scan.tiff', bytes: new Uint8Array(MAX_ENCODED_IMAGE_BYTES + 1) });
      expect(code).toBe('INVALID_REQUEST');
      expect(message).toMatch(/scan\.tiff is 30\.0 MB, more than the 30 MB limit/);
    });
  });

  describe.each([['face:verify'], ['face:check-identity']])('camera frames on %s', (channel) => {
    const c = channel as IpcChannel;
    it('accepts an RGBA frame whose byte count matches its size', () => {
      const ok = frame(640, 480);
      expect(validateRequest(c, ok)).toEqual(ok);
    });
    it('rejects a byte count that does not match width x height x 4', () => {
      expect(rejection(c, frame(640, 480, 640 * 480 * 3)).message).toMatch(/holds 921600 bytes; a 640x480 RGBA frame has 1228800/);
    });
    it('rejects sizes out of range or not integers, before looking at the pixels', () => {
      expect(rejection(c, { width: MAX_FRAME_WIDTH + 1, height: 480, rgba: new Uint8Array(0) }).message).toMatch(/width must be an integer from 32 to 1920/);
      expect(rejection(c, { width: 640, height: MAX_FRAME_HEIGHT + 1, rgba: new Uint8Array(0) }).message).toMatch(/height must be an integer from 32 to 1080/);
      expect(rejection(c, { width: 16, height: 16, rgba: new Uint8Array(16 * 16 * 4) }).message).toMatch(/width must be an integer/);
      expect(rejection(c, { width: 640.5, height: 480, rgba: new Uint8Array(0) }).message).toMatch(/width must be an integer/);
      expect(rejection(c, { width: '640', height: 480, rgba: new Uint8Array(0) }).message).toMatch(/width must be an integer/);
      expect(rejection(c, { width: Number.NaN, height: 480, rgba: new Uint8Array(0) }).message).toMatch(/width must be an integer/);
    });
    it('rejects pixels that are not a Uint8Array', () => {
      expect(rejection(c, { width: 32, height: 32, rgba: new Array(32 * 32 * 4).fill(0) }).message).toMatch(/rgba must be a Uint8Array/);
    });
  });

  describe('session:finish', () => {
    const passed = { challenge: 'turn-right', passed: true, durationMs: 1800 };
    const failed = { challenge: 'blink:3', passed: false, durationMs: 8000, failure: 'timeout' };
    it('accepts challenge outcomes', () => {
      expect(validateRequest('session:finish', { challenges: [passed, failed] })).toEqual({ challenges: [passed, failed] });
      expect(validateRequest('session:finish', { challenges: [] })).toEqual({ challenges: [] });
    });
    it('rejects unknown challenges, impossible durations and inconsistent outcomes, naming the entry', () => {
      const bad = (c: object) => rejection('session:finish', { challenges: [passed, c] }).message;
      expect(bad({ ...passed, challenge: 'dance' })).toMatch(/challenges\[1\]\.challenge must be blink:N/);
      expect(bad({ ...passed, challenge: 'blink:0' })).toMatch(/challenges\[1\]\.challenge/);
      expect(bad({ ...passed, durationMs: -1 })).toMatch(/challenges\[1\]\.durationMs/);
      expect(bad({ ...passed, durationMs: Number.POSITIVE_INFINITY })).toMatch(/durationMs/);
      expect(bad({ ...passed, passed: 'yes' })).toMatch(/passed must be a boolean/);
      expect(bad({ ...passed, failure: 'timeout' })).toMatch(/passed, so it has no failure/);
      expect(bad({ ...failed, failure: 'bored' })).toMatch(/failure must be one of timeout/);
      expect(bad({ ...failed, extra: 1 })).toMatch(/unexpected field extra/);
    });
    it('rejects more outcomes than a session can have', () => {
      expect(rejection('session:finish', { challenges: new Array(11).fill(passed) }).message).toMatch(/at most 10 outcomes/);
      expect(rejection('session:finish', { challenges: 'turn-left' }).message).toMatch(/must be an array/);
    });
  });
});
