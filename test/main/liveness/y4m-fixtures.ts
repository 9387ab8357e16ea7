import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const facedataDir = path.resolve(repoRoot, '..', 'shared', 'facedata');
export const hasFacedata = existsSync(facedataDir);
/** Generated clips live here (ignored by git and lint), never in the repo. */
export const outputDir = path.join(repoRoot, 'test-output', 'liveness');

export function ensureOutputDir(): string {
  mkdirSync(outputDir, { recursive: true });
  return outputDir;
}

/** Encodes RGB frames as 4:2:0 Y4M with BT.601 studio-range coefficients, the way ffmpeg does. */
export function y4mFromRgb(frames: Uint8Array[], width: number, height: number, fps: number, colourTag = 'C420jpeg'): Buffer {
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F${fps}:1 Ip A1:1${colourTag ? ` ${colourTag}` : ''}\n`, 'latin1');
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  const parts: Buffer[] = [header];
  for (const rgb of frames) {
    const planes = Buffer.alloc(width * height + 2 * cw * ch);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 3;
        const [r, g, b] = [rgb[i], rgb[i + 1], rgb[i + 2]];
        planes[y * width + x] = Math.round(16 + 0.257 * r + 0.504 * g + 0.098 * b);
        if (y % 2 === 0 && x % 2 === 0) {
          const c = (y / 2) * cw + x / 2;
          planes[width * height + c] = Math.round(128 - 0.148 * r - 0.291 * g + 0.439 * b);
          planes[width * height + cw * ch + c] = Math.round(128 + 0.439 * r - 0.368 * g - 0.071 * b);
        }
      }
    }
    parts.push(Buffer.from('FRAME\n', 'latin1'), planes);
  }
  return Buffer.concat(parts);
}

export function writeY4m(file: string, frames: Uint8Array[], width: number, height: number, fps: number, colourTag?: string): string {
  writeFileSync(file, y4mFromRgb(frames, width, height, fps, colourTag));
  return file;
}

export function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A clip made once by ffmpeg (`args`: everything before the output) into the output folder, whole or not at all. */
function ffmpegClip(name: string, args: string[]): string {
  const out = path.join(ensureOutputDir(), name);
  if (!existsSync(out)) {
    ffmpeg([...args, '-pix_fmt', 'yuv420p', `${out}.part.y4m`]);
    renameSync(`${out}.part.y4m`, out);
  }
  return out;
}

/**
 * hamilton_clip cropped and scaled so the performer's face fills the frame as at a
 * counter webcam (640x480), 0-6 s at 15 fps. The first 3.5 s are a wide stage shot and
 * an audience shot in which the crop holds no face.
 */
export function hamiltonCounterClip(): string {
  return ffmpegClip('hamilton-counter-0-6s-15fps.y4m', ['-i', path.join(facedataDir, 'liveness', 'hamilton_clip.mp4'), '-t', '6', '-vf', 'crop=320:240:80:0,scale=640:480,fps=15']);
}

/**
 * A still photo held in the hand: the same man's portrait, drifting a few pixels, zooming
 * in and out by ~5 % and tilting by ~2 degrees, 3 s at 15 fps.
 */
export function stillPhotoClip(): string {
  return ffmpegClip('still-photo-3s-15fps.y4m', ['-loop', '1', '-framerate', '15', '-t', '3', '-i', path.join(facedataDir, 'verification', 'lin_manuel_miranda_1.png'),
    '-vf', "crop=704:528:0:40,scale=800:600,zoompan=z='1.06+0.05*sin(2*PI*on/22)':x='iw/2-iw/zoom/2+12*sin(2*PI*on/17)':y='ih/2-ih/zoom/2+9*cos(2*PI*on/13)':d=1:s=640x480:fps=15,rotate='0.035*sin(2*PI*t/1.7)'"]);
}

/**
 * liveness-dev's lp_d14, frames 196-240 (6.53-8.0 s at 30 fps): eyes open, then two of its
 * short blinks (6.93 and 7.07 s; test/fixtures/liveness-annotations.csv), whose closed frames a
 * tracker at half the camera's rate skips in this cut.
 */
export function oneFrameBlinkClip(): string {
  return ffmpegClip('lp_d14-one-frame-blink.y4m', ['-i', path.join(facedataDir, 'liveness-dev', 'lp_d14.mp4'), '-vf', "select='between(n,196,240)',setpts=N/30/TB", '-r', '30']);
}

/**
 * liveness-dev's krzysiek, frames 78-120 (2.6-4.0 s at 30 fps): he turns to his own left at
 * 2.8-3.4 s and back, quickly (a yaw-ratio change of 0.78 in 200 ms), and to his right at 3.7 s.
 */
export function quickTurnClip(): string {
  return ffmpegClip('krzysiek-quick-turn-2.6-4.0s.y4m', ['-i', path.join(facedataDir, 'liveness-dev', 'krzysiek.mp4'), '-vf', "select='between(n,78,120)',setpts=N/30/TB", '-r', '30']);
}
