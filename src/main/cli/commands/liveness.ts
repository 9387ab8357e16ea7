import { EkycError } from '../../../shared/errors';
import { parseChallengeList } from '../../../shared/liveness/challenges';
import { analyseLivenessVideo, type LivenessVideoReport } from '../../liveness/analyse-video';
import { FrameSampler, LIVE_SESSION_SAMPLING } from '../../liveness/sample-frames';
import { defaultModelsDir } from '../../models/model-files';
import type { RgbImage } from '../../vision/image-decoder';
import { PresentationAttackDetector, type PresentationResult } from '../../vision/presentation-attack';
import { parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS } from '../command-specs';

/** The presentation-attack check of a recording: judged, or why it could not be (no face, several people). */
type RecordingPresentation = { judged: PresentationResult } | { undecided: string };

/**
 * Frames sampled as main samples a live session (LIVE_SESSION_SAMPLING), judged by the same
 * detector at the end, so a recording is refused for what would refuse the live session.
 * "Cannot decide" adds nothing, as at the station, where the challenges already judge a
 * missing or second face.
 */
async function judgeRecording(video: string, frames: RgbImage[]): Promise<RecordingPresentation> {
  const detector = await PresentationAttackDetector.load(defaultModelsDir());
  try {
    return { judged: await detector.assess(frames, { label: video }) };
  } catch (err) {
    if (err instanceof EkycError && (err.code === 'NO_FACE' || err.code === 'MULTIPLE_FACES')) return { undecided: err.message };
    throw err;
  } finally {
    await detector.release();
    for (const f of frames) f.data.fill(0);
  }
}

/**
 * `ekyc liveness --video CLIP.y4m [--challenges blink:2,smile,turn-left] [--json] [--no-pad]`
 *
 * Replays a recording through face-api and the shared liveness logic, and (unless --no-pad)
 * the presentation-attack check main runs on a live session's samples. Exit 0 when every
 * asked challenge passed (or none was asked) and no attack was found, 1 when a challenge
 * failed or the frames are an attack, 2 on bad input.
 */
export const livenessCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.liveness);
  if (args.positional.length > 0) {
    throw new EkycError('INVALID_ARGUMENT', `unexpected argument "${args.positional[0]}"; give the clip with --video CLIP.y4m`);
  }
  const video = requireOption(args, 'video');
  const challengesText = args.options.get('challenges');
  const challenges = challengesText === undefined ? [] : parseChallengeList(challengesText);
  const judgePresentation = !args.flags.has('no-pad');
  // The samples are kept while the gestures are analysed: the recording is read once.
  let sampler: FrameSampler | undefined;
  const report = await analyseLivenessVideo(video, {
    challenges,
    ...(judgePresentation ? { onVideoFrame: (f, fps) => (sampler ??= new FrameSampler(fps, LIVE_SESSION_SAMPLING)).offer(f) } : {}),
  });
  const presentation = judgePresentation ? await judgeRecording(video, sampler?.sampled.frames ?? []) : null;
  const attack = presentation !== null && 'judged' in presentation && !presentation.judged.live;
  const passed = report.challenges.every((c) => c.passed) && !attack;
  if (args.flags.has('json')) {
    io.out(JSON.stringify({
      frames: report.frames,
      faceFrames: report.faceFrames,
      events: report.events.map((e) => ({ type: e.type, frame: e.frame, timeMs: Math.round(e.timeMs) })),
      challenges: report.challenges.map((c) => ({ ...c, atMs: c.atMs === null ? null : Math.round(c.atMs) })),
      ...(report.failure ? { failure: report.failure } : {}),
      ...(presentation ? { presentation: presentationJson(presentation) } : {}),
    }));
  } else {
    io.out(summarise(video, report, presentation, passed));
  }
  return passed ? EXIT.OK : EXIT.NEGATIVE;
};

function presentationJson(p: RecordingPresentation) {
  if ('undecided' in p) return { live: null, undecided: p.undecided };
  const r = p.judged;
  return { live: r.live, score: r.score, threshold: r.threshold, reason: r.reason, frames: r.frames, faceFrames: r.faceFrames };
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function summarise(video: string, r: LivenessVideoReport, presentation: RecordingPresentation | null, passed: boolean): string {
  const lines = [
    `${video}: ${r.frames} frames at ${r.video.fps.toFixed(2)} fps (${r.video.width}x${r.video.height}), a face in ${r.faceFrames}`,
    r.events.length === 0 ? 'events: none' : `events: ${r.events.map((e) => `${e.type} at ${seconds(e.timeMs)}`).join(', ')}`,
  ];
  for (const c of r.challenges) {
    lines.push(`  ${c.passed ? 'passed' : 'FAILED'}  ${c.name}${c.atMs !== null ? ` at ${seconds(c.atMs)}` : c.failure ? ` (${c.failure})` : ''}`);
  }
  if (presentation && 'undecided' in presentation) lines.push(`presentation attack: cannot decide (${presentation.undecided})`);
  else if (presentation) {
    const p = presentation.judged;
    lines.push(p.live ? `presentation attack: none found (P(live) ${p.score.toFixed(3)}, ${p.faceFrames} of ${p.frames} samples with a face)` : `presentation attack: REFUSED: ${p.reason}`);
  }
  if (r.challenges.length > 0 || !passed) {
    const why = r.failure ?? (presentation && 'judged' in presentation && !presentation.judged.live ? 'presentation attack' : null);
    lines.push(passed ? 'liveness: PASSED' : `liveness: FAILED${why ? ` (${why})` : ''}`);
  }
  return lines.join('\n');
}
