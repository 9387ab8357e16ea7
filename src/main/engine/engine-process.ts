/**
 * The vision-and-document engine: a process of its own, so onnxruntime's synchronous runs,
 * the portrait's rotations and the MRZ repair search never hold up main's event loop.
 * Plain Node: tests, the bench and the E2E harness start this very module with
 * `child_process.fork` (serialization 'advanced'); Electron's glue starts it with
 * `utilityProcess.fork` (src/main/electron/utility-engine.ts). Messages follow
 * src/shared/engine-contract.ts; calls are answered one at a time in arrival order.
 */
import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';
import { toErrorInfo, EkycError } from '../../shared/errors';
import { ENGINE_MODEL_SETS, ENGINE_NICENESS, validateEngineCall, type EngineCall, type EngineMessage, type EngineMethod, type EngineReplyValue, type EngineRequest } from '../../shared/engine-contract';
import { assessDocumentFrame } from '../document/document-frame';
import { MrzReader } from '../document/mrz-reader';
import { KeptDocuments } from '../ipc/kept-documents';
import { ApparentAgeEstimator } from '../vision/apparent-age';
import { FaceAnalyzer } from '../vision/face-analyzer';

/** Where messages come from and go to: Node's IPC channel, or Electron's parentPort. */
interface ParentLink {
  onMessage(listener: (message: unknown) => void): void;
  post(message: EngineMessage): void;
}

/** Electron's `process.parentPort` in a utility process (typed here: no electron import in plain Node). */
interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

function parentLink(): ParentLink | null {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (port) return { onMessage: (listener) => port.on('message', (e) => listener(e.data)), post: (m) => port.postMessage(m) };
  if (process.send) {
    const send = process.send.bind(process);
    return { onMessage: (listener) => process.on('message', listener), post: (m) => void send(m) };
  }
  return null;
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}

type Methods = { [M in EngineMethod]: (request: EngineRequest<M>) => Promise<EngineReplyValue<M>> };

/** The engine's methods over models loaded on first use or on load-models (a failed load is retried on the next call). */
export function engineMethods(): Methods {
  const faces = once(() => FaceAnalyzer.create());
  const mrz = once(() => MrzReader.create());
  const ages = once(() => ApparentAgeEstimator.create());
  // The customer's documents: decoded here once, named by handle in every later call.
  const documents = new KeptDocuments({ faces, mrz, ages });
  return {
    'find-portrait': async ({ image }) => {
      // Not the turned document: main turns its own copy for the preview, and a reply of
      // megabytes would cost main's thread its deserialization.
      const { portrait, embedding } = await (await faces()).findPortrait(image);
      return { portrait, embedding };
    },
    'analyze-selfie': async ({ image, label }) => (await faces()).analyzeSelfie(image, label),
    'assess-presentation': async ({ frames, label }) => ({ presentation: await (await faces()).assessPresentation(frames, label) }),
    'detect-faces': async ({ image, smallFaces }) => ({ faces: await (await faces()).detectFaces(image, { smallFaces }) }),
    'embed-face': async ({ image, face }) => ({ embedding: await (await faces()).embedFace(image, face) }),
    'read-mrz': async ({ image, label }) => ({ reading: await (await mrz()).readImage(image, label) }),
    // No model: the zone finder and the capture measures only, so no reader is loaded for it.
    'assess-document-frame': async ({ image, besideFace }) => ({ assessment: await assessDocumentFrame(image, besideFace) }),
    'eye-state': async ({ crop, landmarks }) => ({ eyesClosed: await (await faces()).eyesClosed(crop, landmarks) }),
    'open-document': (source) => documents.openDocument(source),
    'analyze-document': ({ documentId }) => documents.analyzeDocument(documentId),
    'read-document-mrz': async ({ documentId }) => ({ reading: await documents.readDocumentMrz(documentId) }),
    'check-printed-page': async ({ documentIds, zone }) => ({ check: await documents.checkPrintedPage(documentIds, zone) }),
    'estimate-portrait-age': async ({ documentId }) => ({ apparentAge: await documents.estimatePortraitAge(documentId) }),
    'release-documents': async () => {
      documents.clear();
      return { released: true };
    },
    'load-models': async () => {
      await Promise.all([faces(), mrz(), ages()]);
      return { models: [...ENGINE_MODEL_SETS] };
    },
  };
}

/**
 * Calls that run beside the queue: the printed-dates check takes seconds of OCR, mostly in
 * Tesseract's worker thread, and starts as the operator moves on to the face check; queued, it
 * would hold up the face check's and the liveness challenges' calls (the eye state of every
 * frame of a blink) for its whole length. Its PP-OCR rereads still take the event loop's thread
 * line by line (tens of milliseconds each), between the queue's calls. The portrait's age
 * estimate starts at the same moment: 20-60 ms of TensorFlow.js, which load-models has started
 * in the app (otherwise the first estimate starts it, about half a second).
 */
export const BESIDE_THE_QUEUE: ReadonlySet<EngineMethod> = new Set<EngineMethod>(['check-printed-page', 'estimate-portrait-age']);

/** Answers calls from `link` one at a time, but for those BESIDE_THE_QUEUE. */
function serve(link: ParentLink, methods: Methods): void {
  let queue: Promise<void> = Promise.resolve();
  const answer = async (call: EngineCall): Promise<void> => {
    try {
      const run = methods[call.method] as (r: EngineRequest<EngineMethod>) => Promise<unknown>;
      link.post({ kind: 'reply', id: call.id, result: { ok: true, value: await run(call.request) } });
    } catch (err) {
      link.post({ kind: 'reply', id: call.id, result: { ok: false, error: toErrorInfo(err) } });
    }
  };
  link.onMessage((message) => {
    let call: EngineCall;
    try {
      call = validateEngineCall(message);
    } catch (err) {
      const id = typeof (message as { id?: unknown })?.id === 'number' ? (message as { id: number }).id : -1;
      // In turn, as before: a refused call's reply does not overtake the replies queued before it.
      queue = queue.then(() => {
        if (id >= 0) link.post({ kind: 'reply', id, result: { ok: false, error: new EkycError('INTERNAL', `engine: ${(err as Error).message}`).toInfo() } });
      });
      return;
    }
    if (BESIDE_THE_QUEUE.has(call.method)) void answer(call);
    else queue = queue.then(() => answer(call));
  });
  link.post({ kind: 'ready' });
}

/**
 * Lowers the engine's priority. On Linux niceness belongs to each thread and is inherited by
 * the threads it starts, so every thread running now is lowered (Node's own pools were started
 * before this module ran); the OCR workers and libvips threads started later inherit it.
 */
function yieldToMain(): void {
  let threads: number[] = [0];
  if (process.platform === 'linux') {
    try {
      threads = readdirSync('/proc/self/task').map(Number).filter((tid) => Number.isInteger(tid) && tid > 0);
    } catch {
      // No /proc: lower this thread only, and the threads it starts.
    }
  }
  for (const tid of threads) {
    try {
      setPriority(tid, ENGINE_NICENESS);
    } catch {
      // Not permitted (a sandbox without setpriority) or the thread ended: the engine works the same, at main's priority.
    }
  }
}

const link = parentLink();
if (link) {
  yieldToMain();
  serve(link, engineMethods());
}
