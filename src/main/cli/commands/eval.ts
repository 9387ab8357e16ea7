import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EkycError } from '../../../shared/errors';
import { MATCH_THRESHOLD } from '../../../shared/defaults';
import { FaceAnalyzer } from '../../vision/face-analyzer';
import { decodeImageFile } from '../../vision/image-decoder';
import { cosineSimilarity } from '../../vision/matching';
import { computeVerificationMetrics, type PairScore } from '../../vision/verification-metrics';
import { numberOption, parseArgs, requireOption } from '../args';
import { EXIT, type CliCommand } from '../cli-io';

export interface LabelledPair {
  img1: string;
  img2: string;
  same: boolean;
}

/** Parses PAIRS.csv: header `img1,img2,same`, same = 1 or 0. */
export function parsePairsCsv(text: string, label: string): LabelledPair[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0 || lines[0].replace(/\s/g, '') !== 'img1,img2,same') {
    throw new EkycError('INVALID_ARGUMENT', `${label}: the first line must be the header "img1,img2,same"`);
  }
  return lines.slice(1).map((line, i) => {
    const [img1, img2, same, ...rest] = line.split(',').map((c) => c.trim());
    if (!img1 || !img2 || (same !== '0' && same !== '1') || rest.length > 0) {
      throw new EkycError('INVALID_ARGUMENT', `${label} line ${i + 2}: expected "img1,img2,same" with same 0 or 1, got "${line}"`);
    }
    return { img1, img2, same: same === '1' };
  });
}

/** ekyc eval --pairs PAIRS.csv --root DIR [--json] [--threshold T] */
export const evalCommand: CliCommand = async (argv, io) => {
  const args = parseArgs(argv, { options: ['pairs', 'root', 'threshold'], flags: ['json'] });
  const pairsPath = requireOption(args, 'pairs');
  const root = requireOption(args, 'root');
  const threshold = numberOption(args, 'threshold', -1, 1) ?? MATCH_THRESHOLD;
  const text = await readFile(pairsPath, 'utf8').catch(() => {
    throw new EkycError('FILE_NOT_FOUND', `${pairsPath} cannot be read; give the path of a PAIRS.csv`);
  });
  const pairs = parsePairsCsv(text, pairsPath);

  const analyzer = await FaceAnalyzer.create();
  const embeddings = new Map<string, Float32Array | null>();
  const noFace: string[] = [];
  try {
    for (const file of new Set(pairs.flatMap((p) => [p.img1, p.img2]))) {
      try {
        const found = await analyzer.analyzeDominantFace(await decodeImageFile(join(root, file)));
        embeddings.set(file, found?.embedding ?? null);
        if (!found) noFace.push(file);
      } catch (err) {
        if (!(err instanceof EkycError)) throw err;
        io.err(`ekyc eval: ${err.message}`);
        embeddings.set(file, null);
        noFace.push(file);
      }
    }
  } finally {
    await analyzer.dispose();
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
      pairs: metrics.pairs, genuine: metrics.genuine, impostor: metrics.impostor, noFace,
      bestAccuracy: metrics.bestAccuracy, bestThreshold: metrics.bestThreshold, eer: metrics.eer,
      tarAtFar: metrics.tarAtFar, threshold: metrics.threshold, accuracyAtThreshold: metrics.accuracyAtThreshold,
    }));
  } else {
    const pct = (v: number | null) => (v === null ? 'n/a (too few impostor pairs)' : `${(v * 100).toFixed(2)}%`);
    io.out([
      `${metrics.pairs} pairs (${metrics.genuine} genuine, ${metrics.impostor} impostor); images without a face: ${noFace.length ? noFace.join(', ') : 'none'}`,
      `best accuracy ${pct(metrics.bestAccuracy)} at similarity ${metrics.bestThreshold}; EER ${pct(metrics.eer)}`,
      `TAR at FAR 1%: ${pct(metrics.tarAtFar['0.01'])}; at FAR 0.1%: ${pct(metrics.tarAtFar['0.001'])}`,
      `accuracy at the operating threshold ${threshold}: ${pct(metrics.accuracyAtThreshold)}`,
    ].join('\n'));
  }
  return EXIT.OK;
};
