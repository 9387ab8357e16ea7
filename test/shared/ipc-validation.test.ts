/**
 * What structured clone can carry beyond JSON (BigInt, Map, Date, sparse arrays, other
 * typed arrays) is refused as INVALID_REQUEST wherever it sits in a payload: never an
 * INTERNAL error, and never let through to code that assumes plain data.
 */
import { runInNewContext } from 'node:vm';
import { toErrorInfo } from '../../src/shared/errors';
import type { IpcChannel } from '../../src/shared/ipc-contract';
import { validateRequest } from '../../src/shared/ipc-validation';
import { defaultSettings, settingsUpdateOf } from '../../src/shared/operator-settings';
import { decideVerdict, type VerdictInput } from '../../src/shared/verdict';

/** The error as it would cross IPC: code and message. */
function replyTo(channel: IpcChannel, payload: unknown): { code: string; message: string } {
  try {
    validateRequest(channel, payload);
  } catch (err) {
    return toErrorInfo(err);
  }
  throw new Error(`${channel} accepted the payload`);
}

const passed = { challenge: 'smile', passed: true, durationMs: 1200 };
const sessionId = '3f2a9c1e-8b7d-4e6f-a5b4-c3d2e1f0a9b8';
const frame = { width: 32, height: 32, rgba: new Uint8Array(32 * 32 * 4) };
const settings = { liveness: { challengesPerSession: 2 } };

describe('validateRequest and values JSON does not have', () => {
  it.each<[string, IpcChannel, unknown, RegExp]>([
    ['the whole payload', 'session:reset', 10n, /the request is the BigInt 10n/],
    ['a frame width', 'face:verify', { ...frame, width: 32n }, /the request\.width is the BigInt 32n/],
    ['a file name', 'id:analyze', { fileName: 1n, bytes: new Uint8Array(3) }, /the request\.fileName is the BigInt 1n/],
    ['a frame time', 'liveness:frame', { sessionId, timeMs: 5n, frameWidth: 640, frameHeight: 480, faces: [], faceCrop: null }, /the request\.timeMs is the BigInt 5n/],
    ['a nested setting', 'settings:set', { liveness: { challengesPerSession: 2n } }, /the request\.liveness\.challengesPerSession is the BigInt 2n/],
    ['an unexpected field', 'settings:get', { extra: 12345678901234567890n }, /the request\.extra is the BigInt 12345678901234567890n/],
  ])('refuses a BigInt in %s as INVALID_REQUEST, naming where', (_where, channel, payload, message) => {
    const reply = replyTo(channel, payload);
    expect(reply.code).toBe('INVALID_REQUEST');
    expect(reply.message).toMatch(message);
  });

  it.each<[string, unknown, RegExp]>([
    ['a Map', new Map([['liveness', settings.liveness]]), /the request is a Map/],
    ['a Date', { liveness: new Date() }, /the request\.liveness is a Date/],
    ['a Float32Array', { liveness: new Float32Array(2) }, /the request\.liveness is a Float32Array/],
    ['a symbol', { language: Symbol('en') }, /the request\.language is symbol/],
    ['nesting deeper than any request', { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } }, /nested more than 6 levels deep/],
    ['more values than any request', { liveness: new Array(20_000).fill(0) }, /more than 10000 values/],
  ])('refuses %s as INVALID_REQUEST', (_what, payload, message) => {
    const reply = replyTo('settings:set', payload);
    expect(reply.code).toBe('INVALID_REQUEST');
    expect(reply.message).toMatch(message);
  });

  it('keeps a refused setting\'s code and problem, so the page can word it: a blink count out of range', () => {
    const update = settingsUpdateOf(defaultSettings());
    try {
      validateRequest('settings:set', { ...update, liveness: { ...update.liveness, fixedChallenges: 'blink:12' } });
      throw new Error('settings:set accepted blink:12');
    } catch (err) {
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', details: { problem: 'challenge-blink-count', challenge: 'blink:12', max: 10 } });
      expect((err as Error).message).toMatch(/^settings:set: .*blink count must be 1 to 10/);
    }
  });

  it('still accepts plain data with Uint8Array and null-prototype objects', () => {
    const image = Object.assign(Object.create(null) as object, { fileName: 'id.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff]) });
    expect(validateRequest('id:analyze', image)).toEqual({ fileName: 'id.jpg', bytes: Buffer.from([0xff, 0xd8, 0xff]) });
    expect(validateRequest('face:verify', frame).width).toBe(32);
  });

  it('accepts plain objects built in another realm (structured clone may build them there), and still refuses its Maps and class instances', () => {
    const otherRealm = runInNewContext('({ plain: { fileName: "id.jpg" }, map: new Map(), instance: new (class Photo {})() })') as Record<string, unknown>;
    expect(Object.getPrototypeOf(otherRealm.plain)).not.toBe(Object.prototype);
    const image = Object.assign(otherRealm.plain as object, { bytes: new Uint8Array([0xff, 0xd8]) });
    expect(validateRequest('id:analyze', image)).toMatchObject({ fileName: 'id.jpg' });
    expect(replyTo('settings:set', { liveness: otherRealm.map }).message).toMatch(/the request\.liveness is a Map/);
    expect(replyTo('settings:set', { liveness: otherRealm.instance }).message).toMatch(/the request\.liveness is a Photo/);
  });
});

describe('a sparse array in a request', () => {
  const sparse = [, passed];
  const late = [passed];
  late[3] = passed;

  it('refuses a hole as INVALID_REQUEST instead of handing main an undefined face', () => {
    for (const faces of [sparse, late]) {
      const reply = replyTo('liveness:frame', { sessionId, timeMs: 10, frameWidth: 640, frameHeight: 480, faces, faceCrop: null });
      expect(reply.code).toBe('INVALID_REQUEST');
      expect(reply.message).toMatch(/faces\[\d\] is a hole in a sparse array/);
    }
  });

  it('is what would crash decideVerdict: the same outcomes without the hole give a verdict', () => {
    const input = (challenges: unknown[]): VerdictInput => ({
      document: { portraitFound: true, portraitScore: 0.9, mrz: null },
      faceMatch: null,
      challenges: challenges as VerdictInput['challenges'],
      identity: { checks: 4, matched: 4, mismatched: 0, minSimilarity: 0.61, threshold: 0.36, changed: false },
    });
    expect(decideVerdict(input([passed])).verdict).toBeDefined();
    expect(() => decideVerdict(input(sparse))).toThrow(TypeError);
  });
});
