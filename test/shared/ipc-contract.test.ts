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
import { FACE_CROP_SIDE } from '../../src/shared/liveness/face-crop';
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
    it.each([['session:export'], ['session:reset'], ['chip:read'], ['chip:progress']])('%s accepts only an empty object', (channel) => {
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

  describe.each([['face:verify']])('camera frames on %s', (channel) => {
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
    it('takes no outcomes from the page: main records its own liveness judgement', () => {
      expect(validateRequest('session:finish', {})).toEqual({});
      const passed = { challenge: 'turn-right', passed: true, durationMs: 1800 };
      expect(rejection('session:finish', { challenges: [passed] }).message).toMatch(/unexpected field challenges/);
    });
  });

  describe('liveness:frame', () => {
    const sessionId = '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
    const face = {
      box: { x: 250, y: 160, width: 140, height: 170 },
      landmarks: Array.from({ length: 68 }, (_, i) => ({ x: 260 + i, y: 180 + (i % 17) * 8 })),
      expressions: { neutral: 0.9, happy: 0.05, sad: 0, angry: 0, fearful: 0, disgusted: 0, surprised: 0.05 },
      detectionScore: 0.93,
    };
    const ok = { sessionId, timeMs: 1234.5, frameWidth: 640, frameHeight: 480, faces: [face], faceCrop: new Uint8Array(FACE_CROP_SIDE * FACE_CROP_SIDE) };
    it('accepts what the tracker saw, with the grey face crop', () => {
      expect(validateRequest('liveness:frame', ok)).toEqual(ok);
      expect(validateRequest('liveness:frame', { ...ok, faces: [], faceCrop: null })).toMatchObject({ faces: [], faceCrop: null });
    });
    it('takes the crops of the camera frames skipped since the last tracked one, oldest first, each before this frame', () => {
      const skipped = (timeMs: number) => ({ timeMs, faceCrop: new Uint8Array(FACE_CROP_SIDE * FACE_CROP_SIDE) });
      expect(validateRequest('liveness:frame', { ...ok, between: [skipped(1170.1), skipped(1201.9)] })).toEqual({ ...ok, between: [skipped(1170.1), skipped(1201.9)] });
      expect(rejection('liveness:frame', { ...ok, between: [skipped(1201.9), skipped(1170.1)] }).message).toMatch(/between\[1\]\.timeMs \(1170\.1\) must come after the skipped frame before it and before this frame's 1234\.5/);
      expect(rejection('liveness:frame', { ...ok, between: [skipped(1300)] }).message).toMatch(/between\[0\]\.timeMs \(1300\) must come after/);
      expect(rejection('liveness:frame', { ...ok, between: new Array(5).fill(skipped(1000)) }).message).toMatch(/at most 4 skipped frames/);
      expect(rejection('liveness:frame', { ...ok, between: [{ timeMs: 1200, faceCrop: new Uint8Array(10) }] }).message).toMatch(/between\[0\]\.faceCrop must be 65536 grey bytes/);
      expect(rejection('liveness:frame', { ...ok, between: [{ ...skipped(1200), eyesClosed: { right: 1, left: 1 } }] }).message).toMatch(/unexpected field eyesClosed/);
    });
    it('refuses anything a frame does not carry, naming it: a verdict, a wrong crop, broken landmarks', () => {
      expect(rejection('liveness:frame', { ...ok, passed: true }).message).toMatch(/unexpected field passed/);
      expect(rejection('liveness:frame', { ...ok, faces: [{ ...face, eyesClosed: { right: 0, left: 0 } }] }).message).toMatch(/unexpected field eyesClosed/);
      expect(rejection('liveness:frame', { ...ok, faceCrop: new Uint8Array(100) }).message).toMatch(/faceCrop must be null or 65536 grey bytes \(256x256\)/);
      expect(rejection('liveness:frame', { ...ok, faceCrop: null }).message).toMatch(/present exactly when faces are/);
      expect(rejection('liveness:frame', { ...ok, faces: [{ ...face, landmarks: face.landmarks.slice(1) }] }).message).toMatch(/faces\[0\]\.landmarks must be 68 points/);
      expect(rejection('liveness:frame', { ...ok, faces: [{ ...face, expressions: { ...face.expressions, happy: 1.5 } }] }).message).toMatch(/expressions\.happy must be a number from 0 to 1/);
      expect(rejection('liveness:frame', { ...ok, faces: [{ ...face, landmarks: [{ x: 1e9, y: 0 }, ...face.landmarks.slice(1)] }] }).message).toMatch(/landmarks\[0\]\.x must be a number/);
      expect(rejection('liveness:frame', { ...ok, timeMs: Number.NaN }).message).toMatch(/timeMs must be a number/);
      expect(rejection('liveness:frame', { ...ok, sessionId: 'mine' }).message).toMatch(/sessionId must be the id liveness:start gave/);
      expect(rejection('liveness:frame', { ...ok, faces: new Array(11).fill(face) }).message).toMatch(/at most 10 faces/);
    });
  });

  describe('liveness:sample', () => {
    it('checks the camera frame as face:verify does', () => {
      const sessionId = '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
      expect(validateRequest('liveness:sample', { sessionId, timeMs: 500, frame: frame(640, 480) })).toMatchObject({ sessionId, timeMs: 500 });
      expect(rejection('liveness:sample', { sessionId, timeMs: 500, frame: frame(640, 480, 640 * 480 * 3) }).message).toMatch(/a 640x480 RGBA frame has 1228800/);
      expect(rejection('liveness:start', { challenges: ['smile'] }).message).toMatch(/unexpected field challenges/);
    });
  });
});
