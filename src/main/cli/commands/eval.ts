import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, resolve, sep } from 'node:path';
import { EkycError } from '../../../shared/errors';
import { MATCH_THRESHOLD } from '../../../shared/defaults';
import { FaceAnalyzer } from '../../vision/face-analyzer';
import { decodeImageFile } from '../../vision/image-decoder';
import { cosineSimilarity } from '../../vision/matching';
import { computeVerificationMetrics, REPORTED_FARS, type PairScore, type ThresholdFigures } from '../../vision/verification-metrics';
import { readInputFile } from '../../files/input-file';
import { numberOption, parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';
import { COMMAND_SPECS } from '../command-specs';

export interface LabelledPair {
  img1: string;
  img2: string;
  same: boolean;
  /** Line of the CSV this pair is on (the header is line 1), for messages. */
  line: number;
}

/** Parses PAIRS.csv: header `img1,img2,same`, same = 1 or 0. */
export function parsePairsCsv(text: string, label: string): LabelledPair[] {
  const lines = text.split(/\r?\n/).map((l, i) => ({ text: l, line: i + 1 })).filter((l) => l.text.trim() !== '');
  if (lines.length === 0 || lines[0].text.replace(/\s/g, '') !== 'img1,img2,same') {
    throw new EkycError('INVALID_ARGUMENT', `${label}: the first line must be the header "img1,img2,same"`);
  }
  return lines.slice(1).map(({ text: line, line: number }) => {
    const [img1, img2, same, ...rest] = line.split(',').map((c) => c.trim());
    if (!img1 || !img2 || (same !== '0' && same !== '1') || rest.length > 0) {
      throw new EkycError('INVALID_ARGUMENT', `${label} line ${number}: expected "img1,img2,same" with same 0 or 1, got "${line}"`);
    }
    return { img1, img2, same: same === '1', line: number };
  });
}

/** Longest PAIRS.csv read; a list of a million pairs is a few tens of megabytes. */
const MAX_PAIRS_CSV_BYTES = 64 * 1048576;

/**
 * The absolute path of every image the pairs name, each confined to `root`: an absolute
 * path, a `..` that climbs out, or a symbolic link (anywhere on the way) that leads out of
 * the root is an error naming the CSV line, so a pairs file cannot make the tool read and
 * score files it was not pointed at. A file that does not exist maps to null (reported as
 * missing, not as an escape: there is nothing to read).
 */
export async function resolvePairFiles(pairs: LabelledPair[], root: string, label: string): Promise<Map<string, string | null>> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    throw new EkycError('FILE_NOT_FOUND', `--root ${root} does not exist; give the folder the pairs file's paths are relative to`, { file: root });
  }
  if (!(await stat(realRoot)).isDirectory()) {
    throw new EkycError('INVALID_ARGUMENT', `--root ${root} is not a folder; give the folder the pairs file's paths are relative to`, { file: root });
  }
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot.endsWith(sep) ? realRoot : realRoot + sep);
  const resolved = new Map<string, string | null>();
  for (const pair of pairs) {
    for (const file of [pair.img1, pair.img2]) {
      if (resolved.has(file)) continue;
      const escape = (how: string) =>
        new EkycError('INVALID_ARGUMENT', `${label} line ${pair.line}: "${file}" ${how}; every image must be inside --root ${root}`, { file, line: pair.line });
      if (isAbsolute(file) || /^[a-zA-Z]:/.test(file)) throw escape('is an absolute path');
      const lexical = resolve(realRoot, file);
      if (!inside(lexical)) throw escape('leads out of the root folder');
      let real: string;
      try {
        real = await realpath(lexical);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw escape(`cannot be resolved (${(err as NodeJS.ErrnoException).code})`);
        resolved.set(file, null);
        continue;
      }
      if (!inside(real)) throw escape(`leads through a symbolic link to ${real}, outside the root folder`);
      resolved.set(file, real);
    }
  }
  return resolved;
}

/** ekyc eval --pairs PAIRS.csv --root DIR [--json] [--threshold T] */
export const evalCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, COMMAND_SPECS.eval);
  const pairsPath = requireOption(args, 'pairs');
  const root = requireOption(args, 'root');
  const threshold = numberOption(args, 'threshold', -1, 1) ?? MATCH_THRESHOLD;
  const text = (await readInputFile(pairsPath, { expected: 'a PAIRS.csv', maxBytes: MAX_PAIRS_CSV_BYTES })).toString('utf8');
  const pairs = parsePairsCsv(text, pairsPath);
  // Every path is checked before the models load, so a bad line fails at once.
  const files = await resolvePairFiles(pairs, root, pairsPath);

  const embeddings = new Map<string, Float32Array | null>();
  const missing = [...files].filter(([, path]) => path === null).map(([file]) => file);
  const noFace: string[] = [];
  const unreadable: { file: string; code: string }[] = [];
  const readable = [...files].filter((entry): entry is [string, string] => entry[1] !== null);
  if (readable.length > 0) {
    const analyzer = await FaceAnalyzer.create();
    try {
      for (const [file, path] of readable) {
        try {
          const found = await analyzer.analyzeDominantFace(await decodeImageFile(path));
          embeddings.set(file, found?.embedding ?? null);
          if (!found) noFace.push(file);
        } catch (err) {
          if (!(err instanceof EkycError)) throw err;
          io.err(`ekyc eval: ${err.message}`);
          if (err.code === 'FILE_NOT_FOUND') missing.push(file);
          else unreadable.push({ file, code: err.code });
        }
      }
    } finally {
      await analyzer.dispose();
    }
  }

  const scores: PairScore[] = [];
  for (const p of pairs) {
    const a = embeddings.get(p.img1);
    const b = embeddings.get(p.img2);
    if (a && b) scores.push({ same: p.same, similarity: cosineSimilarity(a, b) });
  }
  const metrics = computeVerificationMetrics(scores, threshold);
  if (args.flags.has('json')) {
    io.out(JSON.stringify({
      pairs: metrics.pairs, genuine: metrics.genuine, impostor: metrics.impostor, noFace, missing, unreadable,
      bestAccuracy: metrics.bestAccuracy, bestThreshold: metrics.bestThreshold, eer: metrics.eer,
      tarAtFar: metrics.tarAtFar, atFar: metrics.atFar, threshold: metrics.threshold, accuracyAtThreshold: metrics.accuracyAtThreshold,
      atThreshold: metrics.atThreshold,
    }));
  } else {
    const pct = (v: number | null) => (v === null ? 'n/a (too few impostor pairs)' : `${(v * 100).toFixed(2)}%`);
    const list = (files: string[]) => (files.length ? files.join(', ') : 'none');
    io.out([
      `${metrics.pairs} of ${pairs.length} pairs scored (${metrics.genuine} genuine, ${metrics.impostor} impostor)`,
      `images without a face: ${list(noFace)}; missing: ${list(missing)}; unreadable: ${list(unreadable.map((u) => `${u.file} (${u.code})`))}`,
      `best accuracy ${pct(metrics.bestAccuracy)} at similarity ${metrics.bestThreshold}; EER ${pct(metrics.eer)}`,
      ...REPORTED_FARS.map((far) => {
        const p = metrics.atFar[far];
        return p === null
          ? `at FAR ${far}: n/a (too few impostor pairs: ${metrics.impostor} < ${Math.round(1 / Number(far))})`
          : `at FAR ${far}: threshold ${p.threshold.toFixed(4)}, TAR ${figures(p)}`;
      }),
      `at the operating threshold ${threshold}: accuracy ${pct(metrics.accuracyAtThreshold)}, TAR ${figures(metrics.atThreshold)}`,
    ].join('\n'));
  }
  if (metrics.pairs === 0) {
    const why = [
      missing.length ? `${missing.length} missing (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''})` : '',
      unreadable.length ? `${unreadable.length} unreadable` : '',
      noFace.length ? `${noFace.length} without a face` : '',
    ].filter(Boolean).join(', ');
    throw new EkycError(missing.length > 0 ? 'FILE_NOT_FOUND' : 'NO_FACE', `${pairsPath}: no pair could be scored${why ? `: of its images, ${why}` : ' (it lists no pairs)'}; check --root ${root}`, { missing, noFace });
  }
  return EXIT.OK;
};

/** "97.94% (905 of 924, 95% CI 96.81-98.76%), FAR 5.4e-4 (351 of 644892, at most 6.0e-4 at 95%)" */
function figures(f: ThresholdFigures): string {
  const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
  const tar = f.tar === null || f.tarInterval95 === null ? 'n/a (no genuine pairs)' : `${pct(f.tar)} (${f.genuineAccepted} of ${f.genuine}, 95% CI ${pct(f.tarInterval95[0])}-${pct(f.tarInterval95[1])})`;
  const far = f.far === null || f.farUpper95 === null ? 'n/a (no impostor pairs)' : `${f.far.toExponential(1)} (${f.impostorAccepted} of ${f.impostor}, at most ${f.farUpper95.toExponential(1)} at 95%)`;
  return `${tar}, FAR ${far}`;
}
