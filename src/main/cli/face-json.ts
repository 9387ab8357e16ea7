import type { DetectedFace } from '../../shared/face-types';
import type { Box } from '../../shared/geometry';

/**
 * A face as the CLI prints it: coordinates in the pixels of the upright source image (the
 * decoder may have shrunk a large photo; `scale` undoes that).
 */
export function faceToJson(face: DetectedFace, scale: number): DetectedFace {
  const s = 1 / scale;
  const r = (v: number) => Math.round(v * s * 10) / 10;
  const box: Box = { x: r(face.box.x), y: r(face.box.y), width: r(face.box.width), height: r(face.box.height) };
  return {
    box,
    score: face.score,
    landmarks: face.landmarks.map((p) => ({ x: r(p.x), y: r(p.y) })),
    quality: face.quality,
  };
}

export function describeFace(face: DetectedFace): string {
  const b = face.box;
  const q = face.quality;
  return `box ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}x${Math.round(b.height)}  score ${face.score.toFixed(2)}  ` +
    `sharpness ${q.sharpness}  brightness ${q.brightness}  yaw ${q.yawDeg}°${q.problems.length ? `  problems: ${q.problems.join(', ')}` : ''}`;
}

export function elapsedMs(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
}
