/**
 * The one definition of every message between the renderer and main: channel names, request
 * and reply types, and the size limits main enforces. The preload API and the main handlers
 * are both typed from here, so neither side is typed by hand.
 */
import type { ChipReadProgress, ChipRecord } from './chip-types';
import type { DocumentFrameAssessment, DocumentSide, MrzReading } from './document-types';
import type { ErrorInfo } from './errors';
import type { DetectedFace, MatchResult, PortraitFace } from './face-types';
import type { TrackedFace } from './liveness/landmark-frame';
import type { MATCH_PRESETS, OperatorSettings, OperatorSettingsUpdate } from './operator-settings';
import type { ChallengeFailure, ChallengeOutcome, DocumentOverride, FaceMatchSummary, LivenessRefusal, MatchLockout, SessionRecord } from './verdict';

/** Largest encoded image accepted from a file, a drop or a camera capture. */
export const MAX_ENCODED_IMAGE_BYTES = 30 * 1024 * 1024;
/** Documents main keeps for the current customer (front, back, retakes); the oldest is dropped beyond. */
export const MAX_KEPT_DOCUMENTS = 4;
/** Longest file name shown and logged. */
export const MAX_FILE_NAME_LENGTH = 255;
/** Raw camera frames: RGBA, each side within these bounds (1080p is the largest webcam mode used). */
export const MIN_FRAME_SIDE = 32;
export const MAX_FRAME_WIDTH = 1920;
export const MAX_FRAME_HEIGHT = 1080;

/** Encoded image bytes (JPEG, PNG, ...) and the name to mention in messages. */
export interface EncodedImage {
  fileName: string;
  bytes: Uint8Array;
}

/** One unmirrored camera frame as the canvas gives it: RGBA, row-major. */
export interface CameraFrame {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** A camera frame of the document, and the side the page is asking for (document:assess-frame). */
export interface DocumentFrameRequest extends CameraFrame {
  side: DocumentSide;
}

/** A JPEG of a document as the page shows it; width and height are the pixels coordinates refer to. */
export interface DocumentPreview {
  jpeg: Uint8Array;
  width: number;
  height: number;
}

/**
 * A document image kept in main (the file's bytes never cross to the page and back): the
 * page names it by `documentId` on id:analyze and document:read-mrz.
 */
export interface DocumentHandle {
  documentId: string;
}

export interface OpenIdFileRequest {
  /** Whether to send a preview back (the back of a card); the front's comes upright from id:analyze. */
  preview: boolean;
}

export type OpenIdFileReply = { canceled: true } | { canceled: false; document: DocumentHandle & { fileName: string; preview: DocumentPreview | null } };

/** id:analyze analyses a document main already holds, or bytes the page has (a drop, a camera capture). */
export type AnalyzeIdRequest = DocumentHandle | EncodedImage;

export interface IdAnalysis {
  /** The handle of the analysed document, for document:read-mrz. */
  documentId: string;
  fileName: string;
  /** The document upright, as the portrait was searched (JPEG), so the outline can be drawn on it. */
  preview: DocumentPreview;
  /** The portrait in preview pixels; null when the document has no usable portrait. */
  portrait: PortraitFace | null;
  /** Why there is no usable portrait (NO_USABLE_PORTRAIT with details). */
  portraitProblem: ErrorInfo | null;
}

export interface SelfieVerification {
  face: DetectedFace;
  match: MatchResult;
  /** What the face was matched against: the chip photo (read and verified in this session) or the printed portrait. */
  reference: 'chip' | 'printed';
  /** 1-based number of this completed match on this document (failed ones remembered across sessions). */
  attempt: number;
  /** Matches still allowed: the fewer of the session's and the document's; 0 under a lockout. */
  attemptsLeft: number;
  /** Set when this match left the station locked or the document without attempts. */
  lockout: MatchLockout | null;
}

/** A supervisor accepting an expired document (the operator's settings must allow it; main checks the block). */
export interface ExpiryOverrideRequest {
  /** Their name or staff ID: 1..MAX_SUPERVISOR_ID_LENGTH characters, kept in the record. */
  supervisorId: string;
  /** Why: 1..MAX_OVERRIDE_REASON_LENGTH characters, kept in the record. */
  reason: string;
}

/** The supervisor's decision on a match referred to them (the review band). */
export interface SupervisorDecisionRequest {
  decision: 'accept' | 'decline';
  /** Their name or staff ID, as they type it: 1..MAX_SUPERVISOR_ID_LENGTH characters, kept in the record. */
  supervisorId: string;
}

export interface SupervisorDecisionReply {
  /** The session's face match with the decision: `match` true once accepted. */
  faceMatch: FaceMatchSummary;
  /** Matches still allowed (after a decline, which counts as a failed match). */
  attemptsLeft: number;
  /** Set when the decline left the station locked or the document without attempts. */
  lockout: MatchLockout | null;
}

export interface IdentityCheck {
  faceCount: number;
  /** Similarity of the single face to the verified selfie; null unless exactly one usable face. */
  similarity: number | null;
  /** Null unless exactly one face, frontal, large and sharp enough to judge (selfie minimums). */
  sameIdentity: boolean | null;
  /** True once consecutive mismatches show another person is in front of the camera. */
  identityChanged: boolean;
  threshold: number;
}

/** More faces than this in one frame is not a counter. */
export const MAX_FACES_PER_FRAME = 10;
/** A liveness session (waiting for a face, every challenge, the final look) never runs longer. */
export const MAX_LIVENESS_SESSION_MS = 5 * 60 * 1000;

/**
 * liveness:start's reply: main drew the challenges from the operator's settings and started
 * the session's clock. The page names the session by `sessionId` on every frame and sample,
 * and stamps them with milliseconds since it received this reply.
 */
export interface LivenessStart {
  sessionId: string;
  /** The challenges in record form (`blink:2`, `smile`, ...), in the order they are asked. */
  challenges: string[];
  /** The page sends a full camera frame (liveness:sample) this often. */
  sampleIntervalMs: number;
  /** 1-based number of this liveness session in the customer session, and the most main starts. */
  attempt: number;
  maxAttempts: number;
  /** True when main drew the challenges (a retry draws new ones); false for the operator's fixed list, asked again on a retry. */
  drawn: boolean;
}

/** One face as face-api saw it in the page (main adds the eye state itself). */
export type LivenessFace = Omit<TrackedFace, 'eyesClosed'>;

/** liveness:frame: what the page's tracker saw in one camera frame. */
export interface LivenessFrameRequest {
  sessionId: string;
  /** Milliseconds since the page received liveness:start; strictly increasing, close to main's clock. */
  timeMs: number;
  frameWidth: number;
  frameHeight: number;
  faces: LivenessFace[];
  /**
   * The widest face's square (src/shared/liveness/face-crop.ts faceCropBox of its landmarks)
   * in grey, FACE_CROP_SIDE pixels on a side, row-major; null without a face.
   */
  faceCrop: Uint8Array | null;
  /**
   * The camera frames the tracker skipped since the previous tracked frame, oldest first: each
   * one's grey crop cut at the previous tracked frame's square (faceCropBox of its widest face),
   * with the frame's time (after the previous frame's, before this one's). Main reads their eyes,
   * followed from the previous frame's crop, so a slow tracker still sees short blinks. At most
   * MAX_BETWEEN_CROPS; absent or empty when there are none.
   */
  between?: LivenessEyeCrop[];
}

/** One skipped camera frame's face crop (LivenessFrameRequest.between). */
export interface LivenessEyeCrop {
  timeMs: number;
  faceCrop: Uint8Array;
}

/** Skipped frames one tracked frame may carry: a tracker at 8 frames a second behind a 30 fps camera. */
export const MAX_BETWEEN_CROPS = 4;

/** liveness:sample: a full camera frame, sent every `sampleIntervalMs`, for identity continuity. */
export interface LivenessSampleRequest {
  sessionId: string;
  timeMs: number;
  frame: CameraFrame;
}

export type LivenessChallengeStatus = 'pending' | 'active' | 'passed' | 'failed';

/** What the page shows: main's judgement so far. The page never decides any of it. */
export interface LivenessView {
  sessionId: string;
  /** 'confirming': every challenge passed; main waits for one more frontal sample to match. */
  status: 'waiting-for-face' | 'running' | 'confirming' | 'passed' | 'failed';
  /** Index of the active challenge while running. */
  current: number;
  challenges: { name: string; status: LivenessChallengeStatus; progress: number; failure?: ChallengeFailure }[];
  /** Time left for the active challenge on main's clock; null when none is active. */
  timeLeftMs: number | null;
  /** The session's failure once it failed. */
  failure: ChallengeFailure | null;
  /** Why main refused the page's frames or samples, when it did. */
  refusal: LivenessRefusal | null;
  /** True while the latest judged sample did not match the verified face (not yet a change of person). */
  identityInDoubt: boolean;
  /** The record's outcomes once the session is over (passed or failed); null until then. */
  outcomes: ChallengeOutcome[] | null;
  /**
   * Once the session failed: how many new sequences main will still start (liveness:start),
   * 0 when the failure cannot be retried (src/shared/liveness/liveness-retry.ts). Null while
   * it runs, and after a pass.
   */
  retriesLeft: number | null;
}

export type ExportRecordReply = { saved: true; path: string } | { saved: false };

type Empty = Record<string, never>;

/** The operator settings as stored, the presets to choose from, and why stored ones were not used. */
export interface SettingsView {
  settings: OperatorSettings;
  presets: typeof MATCH_PRESETS;
  /** Set when settings.json was damaged or invalid and the defaults are in use. */
  problem: string | null;
  /** What the installed CSCA trust list holds (null: none installed). */
  trustList: TrustListSummary | null;
}

/** The operator's CSCA trust list as main loaded it: what chip signatures can be checked against. */
export interface TrustListSummary {
  path: string;
  certificates: number;
  /** The countries (ISO 3166 alpha-2, as the certificates name them) it has certificates for. */
  countries: string[];
  /** Files in it that are not certificates or master lists main could read. */
  skippedFiles: number;
  /** Why it cannot be used now (moved, unreadable, empty); chip reads fail until it is fixed. */
  problem: string | null;
}

export interface ChooseTrustListRequest {
  /** true: remove the trust list (chip signers are then "not trusted"); false: choose a folder. */
  clear: boolean;
}

/** Channel -> request and reply. */
export interface IpcContract {
  'id:open-file': { request: OpenIdFileRequest; reply: OpenIdFileReply };
  'id:analyze': { request: AnalyzeIdRequest; reply: IdAnalysis };
  'document:read-mrz': { request: DocumentHandle; reply: MrzReading };
  /**
   * Whether the camera's picture of the document's `side` is ready to be taken: the front's
   * portrait, or the back's zone, in view, whole, large enough, sharp, free of glare, and the
   * picture steady since the last frame assessed; the other side of the card in view is named.
   * The ID page asks a few times a second while its camera runs and takes the picture itself.
   */
  'document:assess-frame': { request: DocumentFrameRequest; reply: DocumentFrameAssessment };
  /** Keeps a camera picture of a card's back in main, for document:read-mrz (the front goes through id:analyze). */
  'document:open-image': { request: EncodedImage; reply: DocumentHandle };
  /**
   * Reads the document's chip with the keys of the zone read in this session (the request
   * carries none). One reply when the read is done (a few seconds); meanwhile chip:progress
   * says how far it is.
   */
  'chip:read': { request: Empty; reply: ChipRecord };
  'chip:progress': { request: Empty; reply: ChipReadProgress };
  'face:verify': { request: CameraFrame; reply: SelfieVerification };
  'face:supervisor-decision': { request: SupervisorDecisionRequest; reply: SupervisorDecisionReply };
  'document:override-expiry': { request: ExpiryOverrideRequest; reply: DocumentOverride };
  'liveness:start': { request: Empty; reply: LivenessStart };
  'liveness:frame': { request: LivenessFrameRequest; reply: LivenessView };
  'liveness:sample': { request: LivenessSampleRequest; reply: LivenessView };
  /** Main's own liveness result goes into the record: the page sends no outcomes. */
  'session:finish': { request: Empty; reply: SessionRecord };
  'session:export': { request: Empty; reply: ExportRecordReply };
  'session:reset': { request: Empty; reply: { cleared: true } };
  'settings:get': { request: Empty; reply: SettingsView };
  'settings:set': { request: OperatorSettingsUpdate; reply: SettingsView };
  'settings:choose-records-folder': { request: Empty; reply: SettingsView };
  'settings:choose-csca-trust-list': { request: ChooseTrustListRequest; reply: SettingsView };
}

export type IpcChannel = keyof IpcContract;
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];

/** Every reply is a result: a handler never throws across the boundary. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
export type IpcReply<C extends IpcChannel> = IpcResult<IpcContract[C]['reply']>;

/** The preload API's method names, one per channel. */
export const IPC_METHODS = {
  openIdFile: 'id:open-file',
  analyzeId: 'id:analyze',
  readMrz: 'document:read-mrz',
  assessDocumentFrame: 'document:assess-frame',
  openDocumentImage: 'document:open-image',
  readChip: 'chip:read',
  chipProgress: 'chip:progress',
  verifyFace: 'face:verify',
  decideReferral: 'face:supervisor-decision',
  overrideExpiry: 'document:override-expiry',
  startLiveness: 'liveness:start',
  sendLivenessFrame: 'liveness:frame',
  sendLivenessSample: 'liveness:sample',
  finishSession: 'session:finish',
  exportRecord: 'session:export',
  resetSession: 'session:reset',
  getSettings: 'settings:get',
  saveSettings: 'settings:set',
  chooseRecordsFolder: 'settings:choose-records-folder',
  chooseTrustList: 'settings:choose-csca-trust-list',
} as const satisfies Record<string, IpcChannel>;

export type IpcMethod = keyof typeof IPC_METHODS;

/**
 * Compile-time: every channel of IpcContract has a preload method. A channel added to the
 * contract without one fails type-checking here, naming the channel.
 */
type ChannelsWithoutMethod = Exclude<IpcChannel, (typeof IPC_METHODS)[IpcMethod]>;
const _everyChannelHasAMethod: [ChannelsWithoutMethod] extends [never] ? true : { missingMethodFor: ChannelsWithoutMethod } = true;

export const IPC_CHANNELS: readonly IpcChannel[] = Object.values(IPC_METHODS);

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

/** What the preload exposes as `window.ekyc`. */
export type StationApi = {
  [M in IpcMethod]: (request: IpcRequest<(typeof IPC_METHODS)[M]>) => Promise<IpcReply<(typeof IPC_METHODS)[M]>>;
};

/** The global name the preload exposes the API under. */
export const STATION_API_GLOBAL = 'ekyc';
