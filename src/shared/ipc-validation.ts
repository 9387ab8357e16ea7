/**
 * Run-time checks of every request main receives. The renderer is trusted code, but a bug or
 * a compromised page must get a typed INVALID_REQUEST reply, never a crash or an allocation
 * sized by the sender.
 */
import { EkycError } from './errors';
import {
  MAX_ENCODED_IMAGE_BYTES,
  MAX_FILE_NAME_LENGTH,
  MAX_FRAME_HEIGHT,
  MAX_FRAME_WIDTH,
  MIN_FRAME_SIDE,
  type AnalyzeIdRequest,
  type CameraFrame,
  type ChooseTrustListRequest,
  type DocumentFrameRequest,
  type DocumentHandle,
  type EncodedImage,
  type OpenIdFileRequest,
  MAX_FACES_PER_FRAME,
  MAX_LIVENESS_SESSION_MS,
  type IpcChannel,
  type LivenessFace,
  type LivenessEyeCrop,
  MAX_BETWEEN_CROPS,
  LivenessFrameRequest,
  type LivenessSampleRequest,
  type IpcRequest,
  type SupervisorDecisionRequest,
  type ExpiryOverrideRequest,
} from './ipc-contract';
import { DOCUMENT_SIDES, type DocumentSide } from './document-types';
import { FACE_CROP_SIDE } from './liveness/face-crop';
import { validateSettingsUpdate, type OperatorSettingsUpdate } from './operator-settings';
import { MAX_OVERRIDE_REASON_LENGTH, MAX_SUPERVISOR_ID_LENGTH } from './verdict';

function invalid(channel: IpcChannel, what: string): EkycError {
  return new EkycError('INVALID_REQUEST', `${channel}: ${what}`, { channel });
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  // JSON.stringify throws on a BigInt and gives undefined for a symbol or a function.
  if (typeof value === 'bigint') return `the BigInt ${String(value).slice(0, 40)}n`;
  if (typeof value === 'symbol' || typeof value === 'function' || value === undefined) return typeof value;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/** Deeper or larger than any request the renderer sends; a payload beyond is refused unread. */
const MAX_PAYLOAD_DEPTH = 6;
const MAX_PAYLOAD_VALUES = 10_000;

/**
 * Structured clone carries far more than JSON: BigInt, Map, Set, Date, RegExp, sparse
 * arrays, other typed arrays. Every request is plain data (objects, arrays, strings,
 * numbers, booleans, null, Uint8Array), so anything else anywhere in it is refused here,
 * naming where, before a validator meets a value it was not written for.
 */
function assertPlainData(channel: IpcChannel, payload: unknown): void {
  let values = 0;
  const visit = (value: unknown, at: string, depth: number): void => {
    if (++values > MAX_PAYLOAD_VALUES) throw invalid(channel, `the request holds more than ${MAX_PAYLOAD_VALUES} values; no request is that large`);
    const kind = typeof value;
    if (value === null || value === undefined || kind === 'string' || kind === 'number' || kind === 'boolean') return;
    if (kind === 'bigint' || kind === 'symbol' || kind === 'function') {
      throw invalid(channel, `${at} is ${describe(value)}; a request holds only numbers, strings, booleans, null, arrays, objects and Uint8Array`);
    }
    if (value instanceof Uint8Array) return;
    if (depth >= MAX_PAYLOAD_DEPTH) throw invalid(channel, `${at} is nested more than ${MAX_PAYLOAD_DEPTH} levels deep`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) throw invalid(channel, `${at}[${i}] is a hole in a sparse array; send every element`);
        visit(value[i], `${at}[${i}]`, depth + 1);
      }
      return;
    }
    // A plain object's prototype is some realm's Object.prototype (whose own prototype is
    // null): structured clone may build the object in another realm than this module's
    // (jest's sandbox, for one), so identity with this realm's Object.prototype is too strict.
    const proto: unknown = Object.getPrototypeOf(value);
    const plain = proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(value) === '[object Object]');
    if (!plain) {
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
      throw invalid(channel, `${at} is ${typeof name === 'string' && name ? `a ${name}` : 'not a plain object'}; a request holds only numbers, strings, booleans, null, arrays, objects and Uint8Array`);
    }
    for (const key of Object.keys(value as object)) visit((value as Record<string, unknown>)[key], `${at}.${key}`, depth + 1);
  };
  visit(payload, 'the request', 0);
}

function record(channel: IpcChannel, payload: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload) || payload instanceof Uint8Array) {
    throw invalid(channel, `the request must be an object, got ${describe(payload)}`);
  }
  const extra = Object.keys(payload).filter((k) => !keys.includes(k));
  if (extra.length > 0) throw invalid(channel, `unexpected field${extra.length > 1 ? 's' : ''} ${extra.slice(0, 5).join(', ')}`);
  return payload as Record<string, unknown>;
}

function integerIn(channel: IpcChannel, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(channel, `${name} must be an integer from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

function empty(channel: IpcChannel, payload: unknown): Record<string, never> {
  record(channel, payload, []);
  return {};
}

function encodedImage(channel: IpcChannel, payload: unknown): EncodedImage {
  const p = record(channel, payload, ['fileName', 'bytes']);
  if (typeof p.fileName !== 'string' || p.fileName.length > MAX_FILE_NAME_LENGTH) {
    throw invalid(channel, `fileName must be a string of at most ${MAX_FILE_NAME_LENGTH} characters, got ${describe(p.fileName)}`);
  }
  if (!(p.bytes instanceof Uint8Array)) throw invalid(channel, `bytes must be a Uint8Array, got ${describe(p.bytes)}`);
  if (p.bytes.length > MAX_ENCODED_IMAGE_BYTES) {
    throw invalid(channel, `${p.fileName || 'the image'} is ${(p.bytes.length / 1048576).toFixed(1)} MB, more than the ${MAX_ENCODED_IMAGE_BYTES / 1048576} MB limit`);
  }
  return { fileName: p.fileName, bytes: p.bytes };
}

/** Handles are random UUIDs (main's crypto.randomUUID). */
const DOCUMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function documentHandle(channel: IpcChannel, payload: unknown): DocumentHandle {
  const p = record(channel, payload, ['documentId']);
  if (typeof p.documentId !== 'string' || !DOCUMENT_ID.test(p.documentId)) {
    throw invalid(channel, `documentId must be the handle main gave for the document, got ${describe(p.documentId)}`);
  }
  return { documentId: p.documentId };
}

function analyzeId(channel: IpcChannel, payload: unknown): AnalyzeIdRequest {
  const byHandle = typeof payload === 'object' && payload !== null && 'documentId' in payload;
  return byHandle ? documentHandle(channel, payload) : encodedImage(channel, payload);
}

function openIdFile(channel: IpcChannel, payload: unknown): OpenIdFileRequest {
  const p = record(channel, payload, ['preview']);
  if (typeof p.preview !== 'boolean') throw invalid(channel, `preview must be a boolean, got ${describe(p.preview)}`);
  return { preview: p.preview };
}

function chooseTrustList(channel: IpcChannel, payload: unknown): ChooseTrustListRequest {
  const p = record(channel, payload, ['clear']);
  if (typeof p.clear !== 'boolean') throw invalid(channel, `clear must be a boolean, got ${describe(p.clear)}`);
  return { clear: p.clear };
}

function cameraFrame(channel: IpcChannel, payload: unknown): CameraFrame {
  const p = record(channel, payload, ['width', 'height', 'rgba']);
  const width = integerIn(channel, 'width', p.width, MIN_FRAME_SIDE, MAX_FRAME_WIDTH);
  const height = integerIn(channel, 'height', p.height, MIN_FRAME_SIDE, MAX_FRAME_HEIGHT);
  if (!(p.rgba instanceof Uint8Array)) throw invalid(channel, `rgba must be a Uint8Array, got ${describe(p.rgba)}`);
  if (p.rgba.length !== width * height * 4) {
    throw invalid(channel, `rgba holds ${p.rgba.length} bytes; a ${width}x${height} RGBA frame has ${width * height * 4}`);
  }
  return { width, height, rgba: p.rgba };
}

function documentFrame(channel: IpcChannel, payload: unknown): DocumentFrameRequest {
  const { side, ...frame } = record(channel, payload, ['width', 'height', 'rgba', 'side']);
  if (!(DOCUMENT_SIDES as readonly unknown[]).includes(side)) throw invalid(channel, `side must be one of ${DOCUMENT_SIDES.join(', ')}, got ${describe(side)}`);
  return { ...cameraFrame(channel, frame), side: side as DocumentSide };
}

/** Liveness sessions are named by main's crypto.randomUUID, like documents. */
function sessionId(channel: IpcChannel, value: unknown): string {
  if (typeof value !== 'string' || !DOCUMENT_ID.test(value)) throw invalid(channel, `sessionId must be the id liveness:start gave, got ${describe(value)}`);
  return value;
}

function numberIn(channel: IpcChannel, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw invalid(channel, `${name} must be a number from ${min} to ${max}, got ${describe(value)}`);
  }
  return value;
}

const EXPRESSIONS = ['neutral', 'happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised'] as const;
/** Landmarks may fall a little outside the frame (a face at its edge); far outside is not a face. */
const COORDINATE_MARGIN = 2;

function trackedFace(channel: IpcChannel, value: unknown, at: string, width: number, height: number): LivenessFace {
  const f = record(channel, value, ['box', 'landmarks', 'expressions', 'detectionScore']);
  const x = (v: unknown, name: string) => numberIn(channel, `${at}.${name}`, v, -COORDINATE_MARGIN * width, (1 + COORDINATE_MARGIN) * width);
  const y = (v: unknown, name: string) => numberIn(channel, `${at}.${name}`, v, -COORDINATE_MARGIN * height, (1 + COORDINATE_MARGIN) * height);
  const b = record(channel, f.box, ['x', 'y', 'width', 'height']);
  const box = { x: x(b.x, 'box.x'), y: y(b.y, 'box.y'), width: numberIn(channel, `${at}.box.width`, b.width, 0, 3 * width), height: numberIn(channel, `${at}.box.height`, b.height, 0, 3 * height) };
  if (!Array.isArray(f.landmarks) || f.landmarks.length !== 68) throw invalid(channel, `${at}.landmarks must be 68 points, got ${describe(f.landmarks)}`);
  const landmarks = [];
  for (let i = 0; i < 68; i++) {
    const p = record(channel, f.landmarks[i], ['x', 'y']);
    landmarks.push({ x: x(p.x, `landmarks[${i}].x`), y: y(p.y, `landmarks[${i}].y`) });
  }
  const e = record(channel, f.expressions, EXPRESSIONS);
  const expressions = Object.fromEntries(EXPRESSIONS.map((k) => [k, numberIn(channel, `${at}.expressions.${k}`, e[k], 0, 1)])) as LivenessFace['expressions'];
  return { box, landmarks, expressions, detectionScore: numberIn(channel, `${at}.detectionScore`, f.detectionScore, 0, 1) };
}

function livenessFrame(channel: IpcChannel, payload: unknown): LivenessFrameRequest {
  const p = record(channel, payload, ['sessionId', 'timeMs', 'frameWidth', 'frameHeight', 'faces', 'faceCrop', 'between']);
  const frameWidth = integerIn(channel, 'frameWidth', p.frameWidth, MIN_FRAME_SIDE, MAX_FRAME_WIDTH);
  const frameHeight = integerIn(channel, 'frameHeight', p.frameHeight, MIN_FRAME_SIDE, MAX_FRAME_HEIGHT);
  if (!Array.isArray(p.faces) || p.faces.length > MAX_FACES_PER_FRAME) throw invalid(channel, `faces must be an array of at most ${MAX_FACES_PER_FRAME} faces, got ${describe(p.faces)}`);
  const faces: LivenessFace[] = [];
  for (let i = 0; i < p.faces.length; i++) {
    if (!(i in p.faces)) throw invalid(channel, `faces[${i}] is missing (a sparse array); send every face`);
    faces.push(trackedFace(channel, p.faces[i], `faces[${i}]`, frameWidth, frameHeight));
  }
  const cropBytes = FACE_CROP_SIDE * FACE_CROP_SIDE;
  if (p.faceCrop !== null && !(p.faceCrop instanceof Uint8Array && p.faceCrop.length === cropBytes)) {
    throw invalid(channel, `faceCrop must be null or ${cropBytes} grey bytes (${FACE_CROP_SIDE}x${FACE_CROP_SIDE}), got ${describe(p.faceCrop)}`);
  }
  if ((p.faceCrop === null) !== (faces.length === 0)) throw invalid(channel, 'faceCrop comes with the widest face: present exactly when faces are');
  const timeMs = numberIn(channel, 'timeMs', p.timeMs, 0, MAX_LIVENESS_SESSION_MS);
  const between: LivenessEyeCrop[] = [];
  if (p.between !== undefined) {
    if (!Array.isArray(p.between) || p.between.length > MAX_BETWEEN_CROPS) throw invalid(channel, `between must be an array of at most ${MAX_BETWEEN_CROPS} skipped frames, got ${describe(p.between)}`);
    for (let i = 0; i < p.between.length; i++) {
      if (!(i in p.between)) throw invalid(channel, `between[${i}] is missing (a sparse array); send every skipped frame`);
      const b = record(channel, p.between[i], ['timeMs', 'faceCrop']);
      const t = numberIn(channel, `between[${i}].timeMs`, b.timeMs, 0, MAX_LIVENESS_SESSION_MS);
      if (!(b.faceCrop instanceof Uint8Array && b.faceCrop.length === cropBytes)) throw invalid(channel, `between[${i}].faceCrop must be ${cropBytes} grey bytes (${FACE_CROP_SIDE}x${FACE_CROP_SIDE}), got ${describe(b.faceCrop)}`);
      if (t >= timeMs || (i > 0 && t <= between[i - 1].timeMs)) throw invalid(channel, `between[${i}].timeMs (${t}) must come after the skipped frame before it and before this frame's ${timeMs}`);
      between.push({ timeMs: t, faceCrop: b.faceCrop });
    }
  }
  return {
    sessionId: sessionId(channel, p.sessionId),
    timeMs,
    frameWidth,
    frameHeight,
    faces,
    faceCrop: p.faceCrop as Uint8Array | null,
    ...(p.between !== undefined ? { between } : {}),
  };
}

function livenessSample(channel: IpcChannel, payload: unknown): LivenessSampleRequest {
  const p = record(channel, payload, ['sessionId', 'timeMs', 'frame']);
  return { sessionId: sessionId(channel, p.sessionId), timeMs: numberIn(channel, 'timeMs', p.timeMs, 0, MAX_LIVENESS_SESSION_MS), frame: cameraFrame(channel, p.frame) };
}

/** Letters, digits, spaces and . , ' - _ @ / : a name or a staff ID, nothing that could pass for markup or a control code. */
const SUPERVISOR_ID = /^[\p{L}\p{N}][\p{L}\p{N} .,'_@/-]*$/u;

function supervisorDecision(channel: IpcChannel, payload: unknown): SupervisorDecisionRequest {
  const p = record(channel, payload, ['decision', 'supervisorId']);
  if (p.decision !== 'accept' && p.decision !== 'decline') throw invalid(channel, `decision must be accept or decline, got ${describe(p.decision)}`);
  return { decision: p.decision, supervisorId: supervisorIdOf(channel, p.supervisorId) };
}

function supervisorIdOf(channel: IpcChannel, value: unknown): string {
  const id = typeof value === 'string' ? value.trim() : null;
  if (id === null || id.length === 0 || id.length > MAX_SUPERVISOR_ID_LENGTH || !SUPERVISOR_ID.test(id)) {
    throw invalid(channel, `supervisorId must be the supervisor's name or ID, 1 to ${MAX_SUPERVISOR_ID_LENGTH} letters, digits, spaces or . , ' - _ @ /, got ${describe(value)}`);
  }
  return id;
}

/** Words and punctuation on one line: nothing that could pass for markup or a control code. */
const OVERRIDE_REASON = /^[\p{L}\p{N}\p{P}\p{Zs}]+$/u;

function expiryOverride(channel: IpcChannel, payload: unknown): ExpiryOverrideRequest {
  const p = record(channel, payload, ['supervisorId', 'reason']);
  const reason = typeof p.reason === 'string' ? p.reason.trim() : null;
  if (reason === null || reason.length === 0 || reason.length > MAX_OVERRIDE_REASON_LENGTH || !OVERRIDE_REASON.test(reason)) {
    throw invalid(channel, `reason must be 1 to ${MAX_OVERRIDE_REASON_LENGTH} characters of words and punctuation on one line, got ${describe(p.reason)}`);
  }
  return { supervisorId: supervisorIdOf(channel, p.supervisorId), reason };
}

function settingsUpdate(channel: IpcChannel, payload: unknown): OperatorSettingsUpdate {
  record(channel, payload, ['matchPreset', 'liveness', 'cameraId', 'retention', 'language', 'allowExpiredOverride']);
  try {
    return validateSettingsUpdate(payload);
  } catch (err) {
    // A value the settings rules refuse for a named problem (a blink count out of range) keeps
    // its code and details, so the page words it in the operator's language; anything else is a
    // malformed request.
    if (err instanceof EkycError && err.code === 'INVALID_ARGUMENT' && typeof err.details?.problem === 'string') {
      throw new EkycError('INVALID_ARGUMENT', `${channel}: ${err.message}`, { channel, ...err.details });
    }
    throw invalid(channel, (err as Error).message);
  }
}

type Validators = { [C in IpcChannel]: (channel: C, payload: unknown) => IpcRequest<C> };

const VALIDATORS: Validators = {
  'id:open-file': openIdFile,
  'id:analyze': analyzeId,
  'document:read-mrz': documentHandle,
  'document:assess-frame': documentFrame,
  'document:open-image': encodedImage,
  'chip:read': empty,
  'chip:progress': empty,
  'face:verify': cameraFrame,
  'face:supervisor-decision': supervisorDecision,
  'document:override-expiry': expiryOverride,
  'liveness:start': empty,
  'liveness:frame': livenessFrame,
  'liveness:sample': livenessSample,
  'session:finish': empty,
  'session:export': empty,
  'session:reset': empty,
  'settings:get': empty,
  'settings:set': settingsUpdate,
  'settings:choose-records-folder': empty,
  'settings:choose-csca-trust-list': chooseTrustList,
};

/** The request, checked and copied to exactly its declared fields; throws INVALID_REQUEST. */
export function validateRequest<C extends IpcChannel>(channel: C, payload: unknown): IpcRequest<C> {
  // hasOwn, not `in`: "constructor" or "__proto__" must not reach Object.prototype.
  if (typeof channel !== 'string' || !Object.prototype.hasOwnProperty.call(VALIDATORS, channel)) {
    throw new EkycError('INVALID_REQUEST', `unknown channel ${JSON.stringify(channel)?.slice(0, 60)}`);
  }
  const validator = VALIDATORS[channel] as (channel: C, payload: unknown) => IpcRequest<C>;
  assertPlainData(channel, payload);
  return validator(channel, payload);
}
