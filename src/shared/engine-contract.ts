/**
 * The one definition of every message between main and the vision-and-document engine
 * process (src/main/engine/engine-process.ts): method names, request and reply types, and
 * the run-time checks each side applies to what it receives. Main's EngineClient and the
 * engine are both typed from here.
 *
 * Pixels cross as typed arrays in a structured clone (Node's `serialization: 'advanced'`,
 * Electron's utilityProcess): binary, never base64 or JSON arrays. Replies carry no pixels
 * but the previews the page shows: main's thread pays for deserializing every byte it
 * receives. ID documents do not cross as pixels at all: the engine opens and decodes them
 * (from the file's path, or the bytes the page sent) and keeps them behind a handle
 * (src/main/ipc/kept-documents.ts); the analysis and the MRZ read name the handle only.
 */
import { DOCUMENT_FRAME_PROBLEMS, type DatePart, type DocumentFrameAssessment, type MrzReading, type MrzSex, type PrintedDateCheck, type PrintedDatesCheck, type PrintedSexCheck } from './document-types';
import { isErrorCode, type ErrorInfo } from './errors';
import type { DetectedFace, PortraitFace } from './face-types';
import type { Box, Point } from './geometry';
import type { EyeClosure } from './liveness/landmark-frame';
import { MAX_ENCODED_IMAGE_BYTES, MAX_FILE_NAME_LENGTH, MAX_KEPT_DOCUMENTS, type DocumentPreview } from './ipc-contract';
import type { PresentationResult } from './presentation';

/** RGB interleaved, 3 bytes a pixel; `scale` is decoded size / source size. */
export interface EnginePixels {
  data: Uint8Array;
  width: number;
  height: number;
  scale: number;
}

/** Grey, 1 byte a pixel, row-major: a document for the MRZ reader. */
export interface EngineGreyPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/** An ID document to open: a file main's dialog chose (the engine reads it), or the bytes the page sent. */
export type DocumentSource = { fileName: string; preview: boolean } & ({ path: string } | { bytes: Uint8Array });

/** An opened document: its handle, and its preview when one was asked for. */
export interface OpenedDocument {
  documentId: string;
  fileName: string;
  preview: DocumentPreview | null;
}

/** A document's portrait (and its embedding) or why it has none, with the preview turned upright. */
export interface DocumentAnalysis {
  documentId: string;
  fileName: string;
  preview: DocumentPreview;
  portrait: PortraitFace | null;
  embedding: Float32Array | null;
  portraitProblem: ErrorInfo | null;
}

/** The zone's dates the printed ones are held against, ISO `YYYY-MM-DD`; null: not in the zone (or no calendar date). */
export interface ZoneDates {
  birthDate: string | null;
  expirationDate: string | null;
}

/** What the printed page is held against: the zone's dates and its sex. */
export interface ZonePrintedFields extends ZoneDates {
  sex: MrzSex;
}

/** The printed page against the zone: its dates (printed-dates.ts) and its sex (printed-sex.ts), from one OCR of the page. */
export interface PrintedPageCheck {
  dates: PrintedDatesCheck;
  sex: PrintedSexCheck;
}

/** Method -> request and reply. */
export interface EngineContract {
  'find-portrait': { request: { image: EnginePixels }; reply: { portrait: PortraitFace; embedding: Float32Array } };
  'analyze-selfie': { request: { image: EnginePixels; label: string }; reply: { face: DetectedFace; embedding: Float32Array; presentation: PresentationResult } };
  /** Presentation-attack detection over frames of one session (sampled during liveness), in time order. */
  'assess-presentation': { request: { frames: EnginePixels[]; label: string }; reply: { presentation: PresentationResult } };
  /** `smallFaces`: also scan tiles when no large face is found (faces a few percent of the frame: a document's portrait). */
  'detect-faces': { request: { image: EnginePixels; smallFaces?: boolean }; reply: { faces: DetectedFace[] } };
  'embed-face': { request: { image: EnginePixels; face: DetectedFace }; reply: { embedding: Float32Array } };
  'read-mrz': { request: { image: EngineGreyPixels; label: string }; reply: { reading: MrzReading } };
  /** Whether a camera frame of a document is ready to be taken (zone finder and capture measures, no OCR). */
  'assess-document-frame': { request: { image: EngineGreyPixels; besideFace?: Box }; reply: { assessment: DocumentFrameAssessment } };
  /** P(closed) of both eyes of a grey face crop (the liveness page's, a few KB), 68 landmarks in its pixels. */
  'eye-state': { request: { crop: EngineGreyPixels; landmarks: Point[] }; reply: { eyesClosed: EyeClosure } };
  'open-document': { request: DocumentSource; reply: OpenedDocument };
  'analyze-document': { request: { documentId: string }; reply: DocumentAnalysis };
  'read-document-mrz': { request: { documentId: string }; reply: { reading: MrzReading } };
  /** The zone's birth date, expiry and sex against those printed on the document's images (OCR of its visual zone). */
  'check-printed-page': { request: { documentIds: string[]; zone: ZonePrintedFields }; reply: { check: PrintedPageCheck } };
  /** How old the portrait found on this document looks, in years (src/main/vision/apparent-age.ts). */
  'estimate-portrait-age': { request: { documentId: string }; reply: { apparentAge: number } };
  'release-documents': { request: Record<string, never>; reply: { released: true } };
  /** Loads every model now (the app asks once its window is open), so the first customer's document waits for none. */
  'load-models': { request: Record<string, never>; reply: { models: EngineModelSet[] } };
}

/** The engine's model sets: face detection, embedding, eye state and attack detection; the MRZ reader's OCR. */
export type EngineModelSet = 'faces' | 'mrz' | 'apparent-age';
export const ENGINE_MODEL_SETS: readonly EngineModelSet[] = ['faces', 'mrz', 'apparent-age'];

export type EngineMethod = keyof EngineContract;
export type EngineRequest<M extends EngineMethod> = EngineContract[M]['request'];
export type EngineReplyValue<M extends EngineMethod> = EngineContract[M]['reply'];

export const ENGINE_METHODS: readonly EngineMethod[] = [
  'find-portrait', 'analyze-selfie', 'assess-presentation', 'detect-faces', 'embed-face', 'read-mrz',
  'open-document', 'analyze-document', 'read-document-mrz', 'release-documents', 'eye-state', 'load-models',
  'assess-document-frame', 'check-printed-page', 'estimate-portrait-age',
];

/** Most frames one presentation-attack request may carry (src/main/liveness/sample-frames.ts samples at most 60). */
export const MAX_PRESENTATION_FRAMES = 60;

/** Main -> engine. `id` pairs the reply with its request. */
export interface EngineCall<M extends EngineMethod = EngineMethod> {
  id: number;
  method: M;
  request: EngineRequest<M>;
}

/** Engine -> main: the result of call `id`. A `ready` message says the process is listening. */
export type EngineMessage =
  | { kind: 'ready' }
  | { kind: 'reply'; id: number; result: { ok: true; value: unknown } | { ok: false; error: ErrorInfo } };

/**
 * How much lower than main the engine runs (Unix nice steps; the engine lowers itself). On a
 * 2-core counter PC the engine's inference, OCR workers and libvips threads would otherwise
 * take turns with main's thread, and a request to main would wait out the engine's time slice
 * (bench/RESULTS.md, main responsiveness). The engine only ever works for main, so it loses
 * nothing it needs.
 */
export const ENGINE_NICENESS = 10;

/** Longest side of any image sent to the engine (a document is decoded to at most 4000 px). */
export const MAX_ENGINE_IMAGE_SIDE = 8192;
const MAX_LABEL_LENGTH = 300;
const MAX_PATH_LENGTH = 4096;
/** A handle the engine made (a UUID); bounded so a malformed one cannot be large. */
const MAX_DOCUMENT_ID_LENGTH = 100;

export class EngineProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineProtocolError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIntIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

function pixels(value: unknown, at: string): EnginePixels {
  if (!isObject(value)) throw new EngineProtocolError(`${at} must be an image object`);
  const { data, width, height, scale } = value;
  if (!isIntIn(width, 1, MAX_ENGINE_IMAGE_SIDE) || !isIntIn(height, 1, MAX_ENGINE_IMAGE_SIDE)) {
    throw new EngineProtocolError(`${at} must be 1 to ${MAX_ENGINE_IMAGE_SIDE} pixels on each side, got ${String(width)}x${String(height)}`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 3) {
    throw new EngineProtocolError(`${at}.data must be ${width * height * 3} RGB bytes for ${width}x${height}`);
  }
  if (typeof scale !== 'number' || !(scale > 0) || scale > 1) throw new EngineProtocolError(`${at}.scale must be in (0, 1], got ${String(scale)}`);
  return { data, width, height, scale };
}

function greyPixels(value: unknown, at: string): EngineGreyPixels {
  if (!isObject(value)) throw new EngineProtocolError(`${at} must be an image object`);
  const { data, width, height } = value;
  if (!isIntIn(width, 1, MAX_ENGINE_IMAGE_SIDE) || !isIntIn(height, 1, MAX_ENGINE_IMAGE_SIDE)) {
    throw new EngineProtocolError(`${at} must be 1 to ${MAX_ENGINE_IMAGE_SIDE} pixels on each side, got ${String(width)}x${String(height)}`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height) throw new EngineProtocolError(`${at}.data must be ${width * height} grey bytes for ${width}x${height}`);
  return { data, width, height };
}

function label(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_LABEL_LENGTH) throw new EngineProtocolError(`label must be a string of at most ${MAX_LABEL_LENGTH} characters`);
  return value;
}

function detectedFace(value: unknown): DetectedFace {
  if (!isObject(value) || !isObject(value.box) || !Array.isArray(value.landmarks) || value.landmarks.length !== 68 || !isObject(value.quality)) {
    throw new EngineProtocolError('face must be a detected face with a box, 68 landmarks and its quality');
  }
  for (const p of value.landmarks) {
    if (!isObject(p) || !Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new EngineProtocolError('face.landmarks must be points of finite x and y');
  }
  return value as unknown as DetectedFace;
}

function faceBox(value: unknown): Box {
  if (!isObject(value) || ![value.x, value.y, value.width, value.height].every(Number.isFinite) || !((value.width as number) > 0 && (value.height as number) > 0)) {
    throw new EngineProtocolError('besideFace must be a box of finite x, y and positive width and height');
  }
  return { x: value.x as number, y: value.y as number, width: value.width as number, height: value.height as number };
}

function points68(value: unknown): Point[] {
  if (!Array.isArray(value) || value.length !== 68) throw new EngineProtocolError('landmarks must be 68 points');
  for (const p of value) {
    if (!isObject(p) || !Number.isFinite(p.x) || !Number.isFinite(p.y)) throw new EngineProtocolError('landmarks must be points of finite x and y');
  }
  return value as Point[];
}

const probability = (v: unknown, at: string): number => {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new EngineProtocolError(`${at} must be a probability, got ${String(v)}`);
  return v;
};
function frameList(value: unknown): EnginePixels[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PRESENTATION_FRAMES) {
    throw new EngineProtocolError(`frames must be a list of 1 to ${MAX_PRESENTATION_FRAMES} images`);
  }
  return value.map((f, i) => pixels(f, `frames[${i}]`));
}

function presentation(value: unknown): PresentationResult {
  if (!isObject(value) || typeof value.live !== 'boolean' || !Number.isFinite(value.score) || !(typeof value.reason === 'string' || value.reason === null) || !Array.isArray(value.findings) || !isObject(value.signals)) {
    throw new EngineProtocolError('presentation must be a presentation-attack result with live, score, reason, findings and signals');
  }
  return value as unknown as PresentationResult;
}

function portraitFace(value: unknown): PortraitFace {
  const face = detectedFace(value);
  const rotation = (value as { rotation?: unknown }).rotation;
  if (rotation !== 0 && rotation !== 90 && rotation !== 180 && rotation !== 270) throw new EngineProtocolError(`portrait.rotation must be 0, 90, 180 or 270, got ${String(rotation)}`);
  const pass = (value as { pass?: unknown }).pass;
  if (pass !== 'direct' && pass !== 'overlay-suppressed') throw new EngineProtocolError(`portrait.pass must be 'direct' or 'overlay-suppressed', got ${String(pass)}`);
  const glare = (value as { glare?: unknown }).glare;
  if (typeof glare !== 'number' || !(glare >= 0 && glare <= 1)) throw new EngineProtocolError(`portrait.glare must be a share from 0 to 1, got ${String(glare)}`);
  return { ...face, rotation, pass, glare };
}

function documentId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_DOCUMENT_ID_LENGTH) throw new EngineProtocolError(`documentId must be a string of 1 to ${MAX_DOCUMENT_ID_LENGTH} characters`);
  return value;
}

function fileName(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_FILE_NAME_LENGTH) throw new EngineProtocolError(`fileName must be a string of at most ${MAX_FILE_NAME_LENGTH} characters`);
  return value;
}

function documentSource(r: Record<string, unknown>): DocumentSource {
  if (typeof r.preview !== 'boolean') throw new EngineProtocolError('preview must be true or false');
  const base = { fileName: fileName(r.fileName), preview: r.preview };
  if (('path' in r) === ('bytes' in r)) throw new EngineProtocolError('a document is opened from a path or from bytes, exactly one of them');
  if ('path' in r) {
    if (typeof r.path !== 'string' || r.path.length === 0 || r.path.length > MAX_PATH_LENGTH) throw new EngineProtocolError(`path must be a string of 1 to ${MAX_PATH_LENGTH} characters`);
    return { ...base, path: r.path };
  }
  if (!(r.bytes instanceof Uint8Array) || r.bytes.length === 0 || r.bytes.length > MAX_ENCODED_IMAGE_BYTES) {
    throw new EngineProtocolError(`bytes must be a Uint8Array of 1 to ${MAX_ENCODED_IMAGE_BYTES} bytes`);
  }
  return { ...base, bytes: r.bytes };
}

function preview(value: unknown): DocumentPreview {
  if (!isObject(value) || !(value.jpeg instanceof Uint8Array) || !isIntIn(value.width, 1, MAX_ENGINE_IMAGE_SIDE) || !isIntIn(value.height, 1, MAX_ENGINE_IMAGE_SIDE)) {
    throw new EngineProtocolError('preview must be a JPEG with its width and height');
  }
  return { jpeg: value.jpeg, width: value.width, height: value.height };
}

function isoDateOrNull(value: unknown, name: string): string | null {
  if (value === null) return null;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new EngineProtocolError(`${name} must be YYYY-MM-DD or null`);
  return value;
}

const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];
function printedDateCheck(value: unknown, name: string): PrintedDateCheck {
  if (!isObject(value)) throw new EngineProtocolError(`${name} must be a printed-date check`);
  if (value.status === 'differs') {
    if (!(DATE_PARTS as readonly unknown[]).includes(value.part)) throw new EngineProtocolError(`${name}.part must be one of ${DATE_PARTS.join(', ')}`);
    return { status: 'differs', part: value.part as DatePart };
  }
  if (value.status === 'matches' || value.status === 'not-read' || value.status === 'not-in-zone') return { status: value.status };
  throw new EngineProtocolError(`${name}.status must be matches, differs, not-read or not-in-zone`);
}

/** A PrintedSexCheck as the engine sends it: the status only (never the letter read). */
function printedSexCheck(value: unknown): PrintedSexCheck {
  if (!isObject(value) || (value.status !== 'matches' && value.status !== 'differs' && value.status !== 'not-read')) throw new EngineProtocolError('check.sex.status must be matches, differs or not-read');
  return { status: value.status };
}

/** A PrintedDatesCheck as the engine sends it: statuses and counts only. */
function printedDatesCheck(value: unknown): PrintedDatesCheck {
  if (!isObject(value) || !isIntIn(value.datesRead, 0, 10_000)) throw new EngineProtocolError('check.dates must be { birthDate, expirationDate, datesRead }');
  if (value.problem !== undefined && typeof value.problem !== 'string') throw new EngineProtocolError('check.dates.problem must be text');
  return {
    birthDate: printedDateCheck(value.birthDate, 'check.dates.birthDate'),
    expirationDate: printedDateCheck(value.expirationDate, 'check.dates.expirationDate'),
    datesRead: value.datesRead,
    ...(typeof value.problem === 'string' ? { problem: value.problem } : {}),
  };
}

type RequestCheckers = { [M in EngineMethod]: (r: Record<string, unknown>) => EngineRequest<M> };
const REQUEST_CHECKERS: RequestCheckers = {
  'find-portrait': (r) => ({ image: pixels(r.image, 'image') }),
  'analyze-selfie': (r) => ({ image: pixels(r.image, 'image'), label: label(r.label) }),
  'assess-presentation': (r) => ({ frames: frameList(r.frames), label: label(r.label) }),
  'detect-faces': (r) => {
    if (r.smallFaces !== undefined && typeof r.smallFaces !== 'boolean') throw new EngineProtocolError('smallFaces must be a boolean when present');
    return r.smallFaces ? { image: pixels(r.image, 'image'), smallFaces: true } : { image: pixels(r.image, 'image') };
  },
  'embed-face': (r) => ({ image: pixels(r.image, 'image'), face: detectedFace(r.face) }),
  'read-mrz': (r) => ({ image: greyPixels(r.image, 'image'), label: label(r.label) }),
  'assess-document-frame': (r) => (r.besideFace === undefined ? { image: greyPixels(r.image, 'image') } : { image: greyPixels(r.image, 'image'), besideFace: faceBox(r.besideFace) }),
  'eye-state': (r) => ({ crop: greyPixels(r.crop, 'crop'), landmarks: points68(r.landmarks) }),
  'open-document': documentSource,
  'analyze-document': (r) => ({ documentId: documentId(r.documentId) }),
  'read-document-mrz': (r) => ({ documentId: documentId(r.documentId) }),
  'estimate-portrait-age': (r) => ({ documentId: documentId(r.documentId) }),
  'check-printed-page': (r) => {
    if (!Array.isArray(r.documentIds) || r.documentIds.length === 0 || r.documentIds.length > MAX_KEPT_DOCUMENTS) {
      throw new EngineProtocolError(`documentIds must list 1 to ${MAX_KEPT_DOCUMENTS} document handles`);
    }
    if (!isObject(r.zone)) throw new EngineProtocolError('zone must be { birthDate, expirationDate, sex }');
    if (r.zone.sex !== 'M' && r.zone.sex !== 'F' && r.zone.sex !== 'X') throw new EngineProtocolError('zone.sex must be M, F or X');
    return { documentIds: r.documentIds.map(documentId), zone: { birthDate: isoDateOrNull(r.zone.birthDate, 'zone.birthDate'), expirationDate: isoDateOrNull(r.zone.expirationDate, 'zone.expirationDate'), sex: r.zone.sex } };
  },
  'release-documents': () => ({}),
  'load-models': () => ({}),
};

/** What the engine checks of each message from main; throws EngineProtocolError. */
export function validateEngineCall(message: unknown): EngineCall {
  if (!isObject(message) || !isIntIn(message.id, 0, Number.MAX_SAFE_INTEGER)) throw new EngineProtocolError('a call must be an object with an integer id');
  const method = message.method;
  if (typeof method !== 'string' || !(ENGINE_METHODS as readonly string[]).includes(method)) {
    throw new EngineProtocolError(`unknown engine method ${JSON.stringify(method)?.slice(0, 60)}`);
  }
  if (!isObject(message.request)) throw new EngineProtocolError(`${method}: the request must be an object`);
  const check = REQUEST_CHECKERS[method as EngineMethod] as (r: Record<string, unknown>) => EngineRequest<EngineMethod>;
  return { id: message.id, method: method as EngineMethod, request: check(message.request) };
}

type ReplyCheckers = { [M in EngineMethod]: (v: Record<string, unknown>) => EngineReplyValue<M> };
const embedding = (v: unknown): Float32Array => {
  if (!(v instanceof Float32Array) || v.length === 0) throw new EngineProtocolError('embedding must be a Float32Array');
  return v;
};
const mrzReading = (v: Record<string, unknown>): { reading: MrzReading } => {
  if (!isObject(v.reading) || !isObject(v.reading.mrz)) throw new EngineProtocolError('reading must be an MRZ reading');
  return { reading: v.reading as unknown as MrzReading };
};
const REPLY_CHECKERS: ReplyCheckers = {
  'find-portrait': (v) => ({ portrait: portraitFace(v.portrait), embedding: embedding(v.embedding) }),
  'analyze-selfie': (v) => ({ face: detectedFace(v.face), embedding: embedding(v.embedding), presentation: presentation(v.presentation) }),
  'assess-presentation': (v) => ({ presentation: presentation(v.presentation) }),
  'detect-faces': (v) => {
    if (!Array.isArray(v.faces)) throw new EngineProtocolError('faces must be an array');
    return { faces: v.faces.map(detectedFace) };
  },
  'embed-face': (v) => ({ embedding: embedding(v.embedding) }),
  'read-mrz': mrzReading,
  'assess-document-frame': (v) => {
    const a = v.assessment;
    if (!isObject(a) || typeof a.measured !== 'string' || !(a.problem === null || (DOCUMENT_FRAME_PROBLEMS as readonly unknown[]).includes(a.problem))) {
      throw new EngineProtocolError(`assessment must be { problem: null or one of ${DOCUMENT_FRAME_PROBLEMS.join(', ')}; measured: text }`);
    }
    if (a.zoneLines !== undefined && a.zoneLines !== 2 && a.zoneLines !== 3) throw new EngineProtocolError('assessment.zoneLines must be 2 or 3 when present');
    if (a.textRows !== undefined && !isIntIn(a.textRows, 0, 100_000)) throw new EngineProtocolError('assessment.textRows must be a count when present');
    const assessment: DocumentFrameAssessment = { problem: a.problem as DocumentFrameAssessment['problem'], measured: a.measured };
    if (a.zoneLines !== undefined) assessment.zoneLines = a.zoneLines;
    if (a.textRows !== undefined) assessment.textRows = a.textRows as number;
    return { assessment };
  },
  'open-document': (v) => ({ documentId: documentId(v.documentId), fileName: fileName(v.fileName), preview: v.preview === null ? null : preview(v.preview) }),
  'analyze-document': (v) => {
    const base = { documentId: documentId(v.documentId), fileName: fileName(v.fileName), preview: preview(v.preview) };
    if (v.portrait === null) {
      const problem = v.portraitProblem;
      if (v.embedding !== null || !isObject(problem) || !isErrorCode(problem.code) || typeof problem.message !== 'string') {
        throw new EngineProtocolError('a document without a portrait must say why (portraitProblem) and carry no embedding');
      }
      return { ...base, portrait: null, embedding: null, portraitProblem: problem as unknown as ErrorInfo };
    }
    if (v.portraitProblem !== null) throw new EngineProtocolError('a document with a portrait has no portraitProblem');
    return { ...base, portrait: portraitFace(v.portrait), embedding: embedding(v.embedding), portraitProblem: null };
  },
  'read-document-mrz': mrzReading,
  'check-printed-page': (v) => {
    if (!isObject(v.check)) throw new EngineProtocolError('check must be { dates, sex }');
    return { check: { dates: printedDatesCheck(v.check.dates), sex: printedSexCheck(v.check.sex) } };
  },
  'estimate-portrait-age': (v) => {
    if (typeof v.apparentAge !== 'number' || !Number.isFinite(v.apparentAge) || v.apparentAge < 0 || v.apparentAge > 150) throw new EngineProtocolError('estimate-portrait-age replies { apparentAge: years, 0 to 150 }');
    return { apparentAge: v.apparentAge };
  },
  'release-documents': (v) => {
    if (v.released !== true) throw new EngineProtocolError('release-documents replies { released: true }');
    return { released: true };
  },
  'load-models': (v) => {
    if (!Array.isArray(v.models) || v.models.length !== ENGINE_MODEL_SETS.length || !ENGINE_MODEL_SETS.every((m) => (v.models as unknown[]).includes(m))) {
      throw new EngineProtocolError(`load-models replies { models: ${JSON.stringify(ENGINE_MODEL_SETS)} }`);
    }
    return { models: [...ENGINE_MODEL_SETS] };
  },
  'eye-state': (v) => {
    if (!isObject(v.eyesClosed)) throw new EngineProtocolError('eyesClosed must be an object');
    return { eyesClosed: { right: probability(v.eyesClosed.right, 'eyesClosed.right'), left: probability(v.eyesClosed.left, 'eyesClosed.left') } };
  },
};

/** What main checks of each message from the engine; throws EngineProtocolError. */
export function validateEngineMessage(message: unknown): EngineMessage {
  if (!isObject(message)) throw new EngineProtocolError('an engine message must be an object');
  if (message.kind === 'ready') return { kind: 'ready' };
  if (message.kind !== 'reply' || !isIntIn(message.id, 0, Number.MAX_SAFE_INTEGER) || !isObject(message.result)) {
    throw new EngineProtocolError('an engine message must be "ready" or a reply with an integer id and a result');
  }
  const result = message.result;
  if (result.ok === true) return { kind: 'reply', id: message.id, result: { ok: true, value: result.value } };
  const error = result.error;
  if (result.ok !== false || !isObject(error) || !isErrorCode(error.code) || typeof error.message !== 'string') {
    throw new EngineProtocolError('an engine reply must be { ok: true, value } or { ok: false, error: { code, message } }');
  }
  const info: ErrorInfo = isObject(error.details) ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
  return { kind: 'reply', id: message.id, result: { ok: false, error: info } };
}

/** The value of a successful reply to `method`, checked; throws EngineProtocolError. */
export function validateEngineReply<M extends EngineMethod>(method: M, value: unknown): EngineReplyValue<M> {
  if (!isObject(value)) throw new EngineProtocolError(`${method}: the reply must be an object`);
  return (REPLY_CHECKERS[method] as (v: Record<string, unknown>) => EngineReplyValue<M>)(value);
}
