/**
 * Operator settings kept in the station's localStorage: the chosen camera and, when the
 * operator fixes it, the challenge set (otherwise challenges are drawn at random).
 */
import { parseChallengeList, type Challenge } from '../../shared/liveness/challenges';

const CAMERA_KEY = 'ekyc.cameraId';
const CHALLENGES_KEY = 'ekyc.challenges';

export function loadCameraId(): string | null {
  return localStorage.getItem(CAMERA_KEY);
}

export function saveCameraId(deviceId: string): void {
  localStorage.setItem(CAMERA_KEY, deviceId);
}

/** The fixed challenge list as typed by the operator (`turn-right,smile`), or '' for random. */
export function loadChallengeSetting(): string {
  return localStorage.getItem(CHALLENGES_KEY) ?? '';
}

/** Saves a fixed list after checking it; throws with the parser's message when it is wrong. */
export function saveChallengeSetting(text: string): void {
  const trimmed = text.trim();
  if (trimmed !== '') parseChallengeList(trimmed);
  localStorage.setItem(CHALLENGES_KEY, trimmed);
}

export function fixedChallenges(): Challenge[] | null {
  const text = loadChallengeSetting();
  if (text === '') return null;
  try {
    return parseChallengeList(text);
  } catch {
    return null;
  }
}
