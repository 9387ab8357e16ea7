import type { Point } from '../../../src/shared/geometry';
import type { LandmarkFrame, TrackedFace } from '../../../src/shared/liveness/landmark-frame';

/**
 * A 68-point face made by code: a coarse 3D template (units of interocular distance,
 * x towards the image's right, y down, z towards the camera) rotated about the neck and
 * projected orthographically. Enough to move eyelids, the jaw and the mouth the way
 * face-api's landmarks move on a real face.
 */
export interface FacePose {
  /** Degrees; positive turns the head to the customer's OWN RIGHT (nose towards the image's left). */
  yawDeg?: number;
  /** Degrees of in-plane tilt. */
  rollDeg?: number;
  /** Eye opening, 1 = this person's normal open eye, 0 = shut. Per eye when given. */
  eyeOpen?: number;
  rightEyeOpen?: number;
  leftEyeOpen?: number;
  /** Inner-lip gap in interocular distances (0 closed, 0.6 wide open). */
  mouthOpen?: number;
  /** 0 neutral .. 1 full smile: widens the mouth. */
  smile?: number;
  /** face-api expression scores; neutral takes the rest. */
  happy?: number;
  surprised?: number;
  /** Pixels per interocular distance, and the face centre. */
  scale?: number;
  cx?: number;
  cy?: number;
  /** EAR of the open eye is 0.3 * eyeShape: narrow eyes have a smaller one. */
  eyeShape?: number;
}

type P3 = [number, number, number];

function template(pose: Required<Omit<FacePose, 'rightEyeOpen' | 'leftEyeOpen'>> & { rightEyeOpen: number; leftEyeOpen: number }): P3[] {
  const pts: P3[] = [];
  for (let i = 0; i <= 16; i++) {
    const phi = (i / 16 - 0.5) * Math.PI;
    pts.push([Math.sin(phi), -0.1 + 1.5 * Math.cos(phi), -0.6 + 0.5 * Math.cos(phi)]);
  }
  for (let i = 0; i < 5; i++) pts.push([-0.85 + 0.175 * i, -0.35 - 0.05 * Math.sin((i / 4) * Math.PI), 0]);
  for (let i = 0; i < 5; i++) pts.push([0.15 + 0.175 * i, -0.35 - 0.05 * Math.sin((i / 4) * Math.PI), 0]);
  [[-0.2, 0.2], [0.05, 0.35], [0.3, 0.5], [0.55, 0.65]].forEach(([y, z]) => pts.push([0, y, z]));
  [-0.25, -0.12, 0, 0.12, 0.25].forEach((x) => pts.push([x, 0.65, 0.5 - Math.abs(x) * 0.6]));
  const h = (open: number): number => 0.075 * pose.eyeShape * Math.max(0, open);
  const eye = (c: number, open: number): void => {
    // iBUG order per eye, left to right in the image: corner, two upper lid points, other corner, two lower lid points.
    const hh = h(open);
    const order = [[c - 0.25, 0], [c - 0.08, -hh], [c + 0.08, -hh], [c + 0.25, 0], [c + 0.08, hh], [c - 0.08, hh]];
    order.forEach(([x, y]) => pts.push([x, y, 0.05]));
  };
  eye(-0.5, pose.rightEyeOpen);
  eye(0.5, pose.leftEyeOpen);
  const w = 0.4 * (1 + 0.25 * pose.smile);
  const o = pose.mouthOpen;
  const outer: [number, number][] = [
    [-w, 1.0], [-w * 0.6, 0.93], [-0.12, 0.9], [0, 0.92], [0.12, 0.9], [w * 0.6, 0.93], [w, 1.0],
    [w * 0.6, 1.08 + o], [0.12, 1.12 + o], [0, 1.13 + o], [-0.12, 1.12 + o], [-w * 0.6, 1.08 + o],
  ];
  const inner: [number, number][] = [
    [-w * 0.8, 1.0], [-0.12, 0.98], [0, 0.98], [0.12, 0.98], [w * 0.8, 1.0], [0.12, 0.98 + o], [0, 0.98 + o], [-0.12, 0.98 + o],
  ];
  [...outer, ...inner].forEach(([x, y]) => pts.push([x, y, 0.3]));
  return pts;
}

export function syntheticLandmarks(pose: FacePose = {}): Point[] {
  const full = {
    yawDeg: 0, rollDeg: 0, eyeOpen: 1, mouthOpen: 0, smile: 0, happy: 0, surprised: 0, scale: 60, cx: 320, cy: 240, eyeShape: 1, ...pose,
  };
  const withEyes = { ...full, rightEyeOpen: pose.rightEyeOpen ?? full.eyeOpen, leftEyeOpen: pose.leftEyeOpen ?? full.eyeOpen };
  const yaw = (full.yawDeg * Math.PI) / 180;
  const roll = (full.rollDeg * Math.PI) / 180;
  return template(withEyes).map(([x, y, z]) => {
    // Rotate about a vertical axis through the neck, behind the face.
    const xr = x * Math.cos(yaw) - (z + 0.8) * Math.sin(yaw);
    const px = xr * Math.cos(roll) - y * Math.sin(roll);
    const py = xr * Math.sin(roll) + y * Math.cos(roll);
    return { x: full.cx + full.scale * px, y: full.cy + full.scale * py };
  });
}

export function syntheticFace(pose: FacePose = {}): TrackedFace {
  const landmarks = syntheticLandmarks(pose);
  const xs = landmarks.map((p) => p.x);
  const ys = landmarks.map((p) => p.y);
  const happy = pose.happy ?? 0;
  const surprised = pose.surprised ?? 0;
  return {
    box: { x: Math.min(...xs), y: Math.min(...ys) - 0.5 * (pose.scale ?? 60), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) + 0.5 * (pose.scale ?? 60) },
    landmarks,
    expressions: { neutral: Math.max(0, 1 - happy - surprised), happy, sad: 0, angry: 0, fearful: 0, disgusted: 0, surprised },
    detectionScore: 0.9,
  };
}

/** What is in front of the camera at one moment: one pose, several, or nobody. */
export type Scene = FacePose | FacePose[] | null;

/** Frames at `fps` for `durationMs`, each rendering `scene(timeMs)`. */
export function frames(durationMs: number, scene: (timeMs: number) => Scene, fps = 15, startIndex = 0, startMs = 0): LandmarkFrame[] {
  const out: LandmarkFrame[] = [];
  const step = 1000 / fps;
  for (let i = 0; i * step < durationMs; i++) {
    const t = startMs + i * step;
    const s = scene(t);
    const poses = s === null ? [] : Array.isArray(s) ? s : [s];
    out.push({ index: startIndex + i, timeMs: t, frameWidth: 640, frameHeight: 480, faces: poses.map(syntheticFace) });
  }
  return out;
}

/** Mulberry32: a small seeded generator so noisy sequences are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A smooth bump from 0 up to 1 and back over [start, start + duration]. */
export function pulse(t: number, start: number, duration: number): number {
  if (t < start || t > start + duration) return 0;
  return Math.sin((Math.PI * (t - start)) / duration);
}
