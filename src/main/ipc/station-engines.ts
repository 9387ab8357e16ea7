/**
 * What the IPC handlers need from the engines and from the desktop, as interfaces: the
 * Electron glue passes the real FaceAnalyzer, MrzReader and native dialogs; tests pass the
 * same engines and plain functions instead of dialogs.
 */
import type { DocumentFrameAssessment, MrzReading } from '../../shared/document-types';
import type { DocumentAnalysis, DocumentSource, OpenedDocument, PrintedPageCheck, ZonePrintedFields } from '../../shared/engine-contract';
import type { DetectedFace, MatchResult, PortraitFace, Rotation } from '../../shared/face-types';
import type { Box, Point } from '../../shared/geometry';
import type { EyeClosure } from '../../shared/liveness/landmark-frame';
import type { OperatorSettings } from '../../shared/operator-settings';
import type { ApparentAgeEstimator } from '../vision/apparent-age';
import type { PresentationResult } from '../../shared/presentation';
import type { RgbImage } from '../vision/image-decoder';
import type { GreyImage } from '../document/document-image';
import type { PrintedLine } from '../document/printed-text-ocr';
import type { CardOpener } from '../chip/chip-reader';
import type { AttemptLedger } from './attempt-ledger';
import type { FailureWindow } from './failure-window';

/** The subset of src/main/vision FaceAnalyzer the station calls. */
export interface FaceEngine {
  /** The portrait's `rotation` says how to turn `img` upright; the turned pixels are not needed back (main draws the preview). */
  findPortrait(img: RgbImage): Promise<{ portrait: PortraitFace; embedding: Float32Array }>;
  /** `presentation`: presentation-attack detection on this one picture (src/main/vision/presentation-attack.ts). */
  analyzeSelfie(img: RgbImage, label?: string): Promise<{ face: DetectedFace; embedding: Float32Array; presentation: PresentationResult }>;
  /** Presentation-attack detection over frames of the session (e.g. sampled during liveness), in time order. */
  assessPresentation(frames: readonly RgbImage[], label?: string): Promise<PresentationResult>;
  /** `smallFaces`: also faces a few percent of the image wide (a document's portrait in a camera frame), at the cost of scanning tiles. */
  detectFaces(img: RgbImage, options?: { smallFaces?: boolean }): Promise<DetectedFace[]>;
  embedFace(img: RgbImage, face: DetectedFace): Promise<Float32Array>;
  compare(a: Float32Array, b: Float32Array, threshold?: number, declineBelow?: number): MatchResult;
  /** P(closed) of both eyes in a grey face crop, given the face's 68 landmarks in the crop's pixels. */
  eyesClosed(crop: GreyImage, landmarks: Point[]): Promise<EyeClosure>;
}

/** The subset of src/main/document MrzReader the station calls. */
export interface MrzEngine {
  readImage(image: GreyImage, label: string): Promise<MrzReading>;
  /**
   * Whether a camera frame of a document is ready to be taken (src/main/document/document-frame.ts);
   * with `besideFace`, also the rows of printed text beside that face (`textRows`).
   */
  assessFrame(image: GreyImage, besideFace?: Box): Promise<DocumentFrameAssessment>;
  /**
   * The printed lines of a document's images, each turned upright first
   * (src/main/document/printed-text-ocr.ts). Only where the pixels are: the MrzReader has it,
   * main's EngineClient does not (the engine process's own documents read their pages).
   */
  readPrintedLines?(pages: readonly { image: GreyImage; rotation: Rotation }[]): Promise<PrintedLine[]>;
}

/**
 * The customer's ID documents behind handles, opened, analysed and read where they are kept:
 * in the app the engine process (EngineClient), so main never holds their pixels; otherwise
 * KeptDocuments in-process over the face and MRZ engines.
 */
export interface DocumentEngine {
  openDocument(source: DocumentSource): Promise<OpenedDocument>;
  /** The portrait and its embedding, or (NO_USABLE_PORTRAIT) why there is none; other failures throw. */
  analyzeDocument(documentId: string): Promise<DocumentAnalysis>;
  readDocumentMrz(documentId: string): Promise<MrzReading>;
  /** The zone's dates and sex against those printed on the document's images (src/main/document/printed-dates.ts, printed-sex.ts). */
  checkPrintedPage(documentIds: readonly string[], zone: ZonePrintedFields): Promise<PrintedPageCheck>;
  /** How old the portrait analysed on this document looks, in years; NO_USABLE_PORTRAIT when none was found on it. */
  estimatePortraitAge(documentId: string): Promise<number>;
  /** Forgets every kept document (the session ended). */
  releaseDocuments(): Promise<void>;
}

export interface StationDeps {
  /** Resolved on first use, so the window opens before the models are in memory (the app then has its engine load them: EngineClient.loadModels). */
  faceEngine: () => Promise<FaceEngine>;
  /** Absent when the build has no MRZ reader; document:read-mrz then replies NO_MRZ. */
  mrzEngine?: () => Promise<MrzEngine>;
  /** The apparent-age model for the portrait's age check, used where documents are kept in main's process; absent there: the check is not judged. */
  ageEngine?: () => Promise<Pick<ApparentAgeEstimator, 'estimate'>>;
  /** Where documents are kept; absent: in main's process, over faceEngine, mrzEngine and ageEngine. */
  documentEngine?: () => Promise<DocumentEngine>;
  /** The operator picks an ID image; resolves to its path, or null when cancelled. */
  chooseIdFile: () => Promise<string | null>;
  /** The operator picks where the session record goes; resolves to the path written, or null. */
  saveRecord: (suggestedName: string, json: string) => Promise<string | null>;
  /** Operator settings (src/main/settings SettingsStore); absent: defaults, kept in memory only. */
  settings?: OperatorSettingsAccess;
  /** The operator picks the folder session records are kept in; resolves to it, or null. */
  chooseRecordsFolder?: () => Promise<string | null>;
  /** The folder dialog for the CSCA trust list (certificates and master lists); null: cancelled. */
  chooseTrustList?: () => Promise<string | null>;
  /** How chip:read reaches a card; absent: PC/SC. The E2E harness and tests pass a simulated chip here. */
  chipOpener?: CardOpener;
  /** How long chip:read waits for a document on the reader; absent: CHIP_WAIT_MS. */
  chipWaitMs?: number;
  now?: () => Date;
  newSessionId?: () => string;
  /** Failed matches per document; absent: a new ledger with the defaults (src/shared/defaults.ts). */
  attemptLedger?: AttemptLedger;
  /** The station-wide lockout; absent: STATION_LOCKOUT_FAILURES in STATION_LOCKOUT_WINDOW_MS. */
  failureWindow?: FailureWindow;
  /** Main's monotonic clock in milliseconds, which times liveness sessions; absent: performance.now. */
  monotonicMs?: () => number;
  /** Uniform numbers in [0, 1) that draw the challenges; absent: crypto's. */
  random?: () => number;
}

/** What the handlers need of the settings store. */
export interface OperatorSettingsAccess {
  readonly problem: string | null;
  current(): OperatorSettings;
  update(value: unknown): Promise<OperatorSettings>;
  setRecordsFolder(folder: string): Promise<OperatorSettings>;
  setCscaTrustList(path: string | null): Promise<OperatorSettings>;
}
