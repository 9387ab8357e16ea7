/**
 * Main's side of the engine process: the FaceEngine and MrzEngine the station's handlers
 * call, each method one message to the engine (src/shared/engine-contract.ts). A call that
 * outlives its timeout, or an engine that exits with calls in flight, ends those calls with
 * ENGINE_STOPPED; the next call starts a fresh engine. Comparing two embeddings is a few
 * hundred multiplications, so it stays here.
 */
import { EkycError, ENGINE_STOPPED_MESSAGE } from '../../shared/errors';
import {
  validateEngineMessage, validateEngineReply, type DocumentAnalysis, type DocumentSource, type EngineMethod, type EngineReplyValue, type EngineRequest,
  type EngineModelSet, type OpenedDocument, type PrintedPageCheck, type ZonePrintedFields,
} from '../../shared/engine-contract';
import { MATCH_THRESHOLD } from '../../shared/defaults';
import type { DetectedFace, MatchResult, PortraitFace } from '../../shared/face-types';
import type { DocumentFrameAssessment, MrzReading } from '../../shared/document-types';
import type { Box, Point } from '../../shared/geometry';
import type { EyeClosure } from '../../shared/liveness/landmark-frame';
import type { PresentationResult } from '../../shared/presentation';
import type { GreyImage } from '../document/document-image';
import type { DocumentEngine, FaceEngine, MrzEngine } from '../ipc/station-engines';
import type { RgbImage } from '../vision/image-decoder';
import { compareEmbeddings } from '../vision/matching';
import type { EngineLink, StartEngine } from './engine-link';

/**
 * Longest a call may take before the engine counts as hung. The first call loads the face
 * models or starts the OCR workers (seconds on a busy 2-core machine); the MRZ search is
 * bounded well below this.
 */
export const ENGINE_CALL_TIMEOUT_MS = 60_000;

export interface EngineClientOptions {
  timeoutMs?: number;
  /** Told whenever the engine stopped (for the log). */
  onStopped?: (why: string) => void;
}

interface Pending {
  method: EngineMethod;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
  timer: NodeJS.Timeout;
}

export class EngineClient implements FaceEngine, MrzEngine, DocumentEngine {
  private link: EngineLink | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;
  private readonly timeoutMs: number;

  constructor(private readonly start: StartEngine, private readonly options: EngineClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? ENGINE_CALL_TIMEOUT_MS;
  }

  /** The process id of the running engine, or undefined when none runs (tests kill it by this). */
  get pid(): number | undefined {
    return this.link?.pid;
  }

  call<M extends EngineMethod>(method: M, request: EngineRequest<M>): Promise<EngineReplyValue<M>> {
    if (this.disposed) return Promise.reject(new EkycError('ENGINE_STOPPED', `${ENGINE_STOPPED_MESSAGE} (the engine was shut down)`));
    const link = this.running();
    const id = this.nextId++;
    return new Promise<EngineReplyValue<M>>((resolve, reject) => {
      const timer = setTimeout(() => this.stop(link, `did not answer ${method} within ${this.timeoutMs / 1000} s`), this.timeoutMs);
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
      link.send({ id, method, request });
    });
  }

  findPortrait(img: RgbImage): Promise<{ portrait: PortraitFace; embedding: Float32Array }> {
    return this.call('find-portrait', { image: img });
  }

  analyzeSelfie(img: RgbImage, label = 'the selfie'): Promise<{ face: DetectedFace; embedding: Float32Array; presentation: PresentationResult }> {
    return this.call('analyze-selfie', { image: img, label });
  }

  async assessPresentation(frames: readonly RgbImage[], label = 'the liveness frames'): Promise<PresentationResult> {
    return (await this.call('assess-presentation', { frames: [...frames], label })).presentation;
  }

  async detectFaces(img: RgbImage, options: { smallFaces?: boolean } = {}): Promise<DetectedFace[]> {
    return (await this.call('detect-faces', options.smallFaces ? { image: img, smallFaces: true } : { image: img })).faces;
  }

  async embedFace(img: RgbImage, face: DetectedFace): Promise<Float32Array> {
    return (await this.call('embed-face', { image: img, face })).embedding;
  }

  async eyesClosed(crop: GreyImage, landmarks: Point[]): Promise<EyeClosure> {
    return (await this.call('eye-state', { crop, landmarks })).eyesClosed;
  }

  compare(a: Float32Array, b: Float32Array, threshold = MATCH_THRESHOLD, declineBelow?: number): MatchResult {
    return compareEmbeddings(a, b, threshold, declineBelow);
  }

  async readImage(image: GreyImage, label: string): Promise<MrzReading> {
    return (await this.call('read-mrz', { image, label })).reading;
  }

  async assessFrame(image: GreyImage, besideFace?: Box): Promise<DocumentFrameAssessment> {
    return (await this.call('assess-document-frame', besideFace ? { image, besideFace } : { image })).assessment;
  }

  openDocument(source: DocumentSource): Promise<OpenedDocument> {
    return this.call('open-document', source);
  }

  analyzeDocument(documentId: string): Promise<DocumentAnalysis> {
    return this.call('analyze-document', { documentId });
  }

  async readDocumentMrz(documentId: string): Promise<MrzReading> {
    return (await this.call('read-document-mrz', { documentId })).reading;
  }

  async checkPrintedPage(documentIds: readonly string[], zone: ZonePrintedFields): Promise<PrintedPageCheck> {
    return (await this.call('check-printed-page', { documentIds: [...documentIds], zone })).check;
  }

  async estimatePortraitAge(documentId: string): Promise<number> {
    return (await this.call('estimate-portrait-age', { documentId })).apparentAge;
  }

  /** Starts the engine if it is not running and has it load every model now (see load-models). */
  async loadModels(): Promise<readonly EngineModelSet[]> {
    return (await this.call('load-models', {})).models;
  }

  /** With no engine running there is nothing to release (its documents ended with it), and none is started for it. */
  async releaseDocuments(): Promise<void> {
    if (!this.link || this.disposed) return;
    try {
      await this.call('release-documents', {});
    } catch (err) {
      // An engine that stopped meanwhile took its documents with it: released all the same.
      if (!(err instanceof EkycError) || err.code !== 'ENGINE_STOPPED') throw err;
    }
  }

  /** Stops the engine for good; calls in flight end with ENGINE_STOPPED. */
  dispose(): void {
    this.disposed = true;
    if (this.link) this.stop(this.link, 'was shut down');
  }

  private running(): EngineLink {
    if (this.link) return this.link;
    const link = this.start();
    this.link = link;
    link.onMessage((message) => this.receive(message));
    link.onExit((why) => this.stop(link, why));
    return link;
  }

  private receive(raw: unknown): void {
    let message;
    try {
      message = validateEngineMessage(raw);
    } catch (err) {
      // A message main cannot read means the engine is not the one this main was built with.
      if (this.link) this.stop(this.link, `sent a malformed message (${(err as Error).message})`);
      return;
    }
    if (message.kind === 'ready') return;
    const call = this.pending.get(message.id);
    if (!call) return;
    this.pending.delete(message.id);
    clearTimeout(call.timer);
    if (!message.result.ok) {
      const { code, message: text, details } = message.result.error;
      call.reject(new EkycError(code, text, details));
      return;
    }
    try {
      call.resolve(validateEngineReply(call.method, message.result.value));
    } catch (err) {
      call.reject(new EkycError('INTERNAL', `the engine's reply to ${call.method} is malformed: ${(err as Error).message}`));
    }
  }

  /** Ends every call in flight on `link` with ENGINE_STOPPED and forgets it; the next call starts a new engine. */
  private stop(link: EngineLink, why: string): void {
    if (this.link !== link) return;
    this.link = null;
    link.kill();
    this.options.onStopped?.(why);
    const calls = [...this.pending.values()];
    this.pending.clear();
    for (const call of calls) {
      clearTimeout(call.timer);
      call.reject(new EkycError('ENGINE_STOPPED', ENGINE_STOPPED_MESSAGE, { method: call.method, why: `the engine ${why}` }));
    }
  }
}
