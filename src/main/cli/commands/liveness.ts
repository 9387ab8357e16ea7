import { EkycError } from '../../../shared/errors';
import { parseChallengeList } from '../../../shared/liveness/challenges';
import { analyseLivenessVideo, type LivenessVideoReport } from '../../liveness/analyse-video';
import { parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS } from '../command-specs';

/**
 * `ekyc liveness --video CLIP.y4m [--challenges blink:2,smile,turn-left] [--json]`
 *
 * Replays a recording through face-api and the shared liveness logic. Exit 0 when every
 * asked challenge passed (or none was asked), 1 when one failed, 2 on bad input.
 */
export const livenessCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.liveness);
  if (args.positional.length > 0) {
    throw new EkycError('INVALID_ARGUMENT', `unexpected argument "${args.positional[0]}"; give the clip with --video CLIP.y4m`);
  }
  const video = requireOption(args, 'video');
  const challengesText = args.options.get('challenges');
  const challenges = challengesText === undefined ? [] : parseChallengeList(challengesText);
  const report = await analyseLivenessVideo(video, { challenges });
  const passed = report.challenges.every((c) => c.passed);
  if (args.flags.has('json')) {
    io.out(JSON.stringify({
      frames: report.frames,
      faceFrames: report.faceFrames,
      events: report.events.map((e) => ({ type: e.type, frame: e.frame, timeMs: Math.round(e.timeMs) })),
      challenges: report.challenges.map((c) => ({ ...c, atMs: c.atMs === null ? null : Math.round(c.atMs) })),
      ...(report.failure ? { failure: report.failure } : {}),
    }));
  } else {
    io.out(summarise(video, report, passed));
  }
  return passed ? EXIT.OK : EXIT.NEGATIVE;
};

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function summarise(video: string, r: LivenessVideoReport, passed: boolean): string {
  const lines = [
    `${video}: ${r.frames} frames at ${r.video.fps.toFixed(2)} fps (${r.video.width}x${r.video.height}), a face in ${r.faceFrames}`,
    r.events.length === 0 ? 'events: none' : `events: ${r.events.map((e) => `${e.type} at ${seconds(e.timeMs)}`).join(', ')}`,
  ];
  if (r.challenges.length > 0) {
    for (const c of r.challenges) {
      lines.push(`  ${c.passed ? 'passed' : 'FAILED'}  ${c.name}${c.atMs !== null ? ` at ${seconds(c.atMs)}` : c.failure ? ` (${c.failure})` : ''}`);
    }
    lines.push(passed ? 'liveness: PASSED' : `liveness: FAILED${r.failure ? ` (${r.failure})` : ''}`);
  }
  return lines.join('\n');
}
