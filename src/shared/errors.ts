/**
 * Every failure the station can report, as a stable code the UI maps to a message.
 * Errors cross the IPC boundary as plain `{ code, message, details }` objects.
 */
export const ERROR_CODES = [
  // input files and images
  'FILE_NOT_FOUND',
  'FILE_EMPTY',
  'FILE_UNREADABLE',
  'FILE_UNWRITABLE',
  // A write stopped because the disk (or the user's quota) is full: the fix is free space,
  // not permissions, so the operator is told apart from FILE_UNWRITABLE.
  'DISK_FULL',
  // A file that is never overwritten (a kept session record) already exists.
  'FILE_EXISTS',
  'IMAGE_UNDECODABLE',
  'IMAGE_TRUNCATED',
  'IMAGE_TOO_LARGE',
  'IMAGE_TOO_SMALL',
  // faces
  'NO_FACE',
  'MULTIPLE_FACES',
  'FACE_TOO_SMALL',
  'FACE_BLURRED',
  'FACE_TOO_DARK',
  'FACE_TOO_BRIGHT',
  'FACE_NOT_FRONTAL',
  'OVERRIDE_NOT_ALLOWED',
  'NO_USABLE_PORTRAIT',
  // models
  'MODEL_MISSING',
  'MODEL_CORRUPT',
  'MODEL_FAILED',
  // The vision-and-document engine process crashed or hung; main restarts it on the next request.
  'ENGINE_STOPPED',
  // documents
  'NO_MRZ',
  // video and camera
  'VIDEO_INVALID',
  'CAMERA_DENIED',
  'CAMERA_NOT_FOUND',
  'CAMERA_DISCONNECTED',
  // document chip (ICAO 9303 eMRTD over PC/SC)
  // No PC/SC service or binding, or no reader attached (or none by the name asked for).
  'CHIP_READER_NOT_FOUND',
  // A reader but no card on it, or the card left the field during the read.
  'CHIP_NO_CARD',
  'CHIP_REMOVED',
  // The chip refused access: the MRZ keys (document number, birth, expiry) do not open it.
  'CHIP_ACCESS_DENIED',
  // The chip did not answer in time: a read never hangs the station.
  'CHIP_TIMEOUT',
  // The chip answered with something ICAO 9303 does not allow (bad secure-messaging MAC,
  // malformed TLV, unexpected status word): a faulty or hostile chip, never trusted.
  'CHIP_PROTOCOL',
  // requests
  'INVALID_REQUEST',
  'INVALID_ARGUMENT',
  'FORBIDDEN_SENDER',
  'SESSION_STATE',
  // Face matching refused: the station saw too many failed matches within its window
  // (details.lockout says until when), or this document or session has used its attempts.
  'MATCH_LOCKED_OUT',
  'ATTEMPTS_EXHAUSTED',
  // liveness:start refused: the customer session has used its liveness sessions
  // (1 + LIVENESS_RETRIES), or the last one failed in a way that is not retried (another
  // person, refused frames: src/shared/liveness/liveness-retry.ts).
  'LIVENESS_ATTEMPTS_EXHAUSTED',
  'LIVENESS_NOT_RETRYABLE',
  // The face check's capture was judged a photo, a print or a screen (details.presentation says why).
  'PRESENTATION_ATTACK',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The serialisable shape of an error, as it crosses IPC and lands in JSON output. */
export interface ErrorInfo {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class EkycError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'EkycError';
    this.code = code;
    this.details = details;
  }

  toInfo(): ErrorInfo {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** Wraps anything thrown into an ErrorInfo without losing an EkycError's code. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof EkycError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', message };
}

/** What the page shows when the engine process crashed or hung (main restarts it on the next request). */
export const ENGINE_STOPPED_MESSAGE = 'the face engine stopped; it is restarting: try again';
