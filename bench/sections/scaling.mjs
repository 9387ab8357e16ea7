/**
 * Section 5: `ekyc eval` throughput at 50, 200 and 1000 images. The labelled set has fewer
 * distinct photos, so they are repeated under distinct names (hard links, else copies, in
 * bench/.work; not symbolic links, since eval refuses a link that leads out of --root):
 * eval embeds each file name once, so every repeat is decoded and embedded again.
 */
import { copyFileSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { benchDir, lastJson, runNode, workDir } from '../lib/context.mjs';
import { round } from '../lib/stats.mjs';

export async function benchScaling({ images, sameIdentity, sizes = [50, 200, 1000], log }) {
  const runs = [];
  for (const n of sizes) {
    const dir = path.join(workDir, `eval-${n}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const names = [];
    for (let i = 0; i < n; i++) {
      const source = images[i % images.length];
      const name = `${String(i).padStart(4, '0')}_${path.basename(source)}`;
      try {
        linkSync(source, path.join(dir, name));
      } catch {
        copyFileSync(source, path.join(dir, name)); // another file system: hard links cannot cross it
      }
      names.push({ name, source });
    }
    const rows = ['img1,img2,same'];
    for (let i = 0; i + 1 < n; i += 2) rows.push(`${names[i].name},${names[i + 1].name},${sameIdentity(names[i].source, names[i + 1].source) ? 1 : 0}`);
    writeFileSync(path.join(dir, 'pairs.csv'), `${rows.join('\n')}\n`);
    const r = await runNode(path.join(benchDir, 'children', 'ekyc-cli.cjs'), ['eval', '--pairs', path.join(dir, 'pairs.csv'), '--root', dir, '--json'], { timeoutMs: 400_000, sampleMs: 200 });
    if (r.code !== 0) {
      runs.push({ images: n, failed: `exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}` });
      log(`scaling: eval on ${n} images FAILED`);
      continue;
    }
    const out = lastJson(r.stdout);
    const rssAt = (share) => {
      const sample = r.rss.filter((s) => s.tMs <= share * r.wallMs).pop();
      return sample ? round(sample.rssMb, 1) : null;
    };
    runs.push({
      images: n,
      distinctPhotos: Math.min(n, images.length),
      pairs: out.pairs,
      noFace: out.noFace.length,
      wallMs: round(r.wallMs),
      imagesPerSecond: round(n / (r.wallMs / 1000), 2),
      msPerImage: round(r.wallMs / n),
      rssMb: { at25: rssAt(0.25), at50: rssAt(0.5), at75: rssAt(0.75), at100: rssAt(1), peak: round(Math.max(...r.rss.map((s) => s.rssMb)), 1) },
    });
    log(`scaling: eval on ${n} images in ${round(r.wallMs / 1000, 1)} s (${round(n / (r.wallMs / 1000), 1)} images/s), peak RSS ${runs.at(-1).rssMb.peak} MB`);
  }
  // The two largest runs hold whole cycles of the photo set, so their difference is the cost of
  // the same mix of photos; the smallest run's mix is not the same.
  const ok = runs.filter((r) => !r.failed);
  const [a, b] = ok.slice(-2);
  const slope = a && b ? (b.wallMs - a.wallMs) / (b.images - a.images) : null;
  const last = ok.at(-1);
  return {
    repeated: `the ${images.length} photos of the verification set, repeated in order under distinct names`,
    runs,
    marginalMsPerImage: round(slope),
    marginalBetween: a && b ? [a.images, b.images] : null,
    rssGrowthLastHalfMb: last ? round(last.rssMb.at100 - last.rssMb.at50, 1) : null,
  };
}
