/**
 * The installers cannot be built here (no Electron binary), so this checks the packaging
 * configuration against what the app loads at run time: targets, fuses, native parts
 * unpacked from the asar, and every runtime path resolved in a staged copy of the packaged
 * layout (resources/app = what `files` selects, resources/models = extraResources).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { minimatch } from 'minimatch';
import { repoRoot } from '../helpers/paths';

type Target = { target: string; arch: string[] };
interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string; filter: string[] }[];
  electronFuses: Record<string, boolean>;
  win: { target: Target[]; icon: string };
  mac: { target: Target[]; icon: string; entitlements: string; extendInfo: Record<string, string> };
  linux: { target: Target[]; icon: string };
  deb: { recommends?: string[] };
  npmRebuild: boolean;
}

const requireFromHere = createRequire(__filename);
// js-yaml comes with electron-builder (which reads this same file with it).
const yaml = requireFromHere('js-yaml') as { load: (text: string) => unknown };
const config = yaml.load(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** electron-builder's `files` semantics: included by a pattern, not excluded by a later "!" one. */
function selectedBy(patterns: string[], path: string): boolean {
  let selected = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(path, p.slice(1), { dot: true })) selected = false;
    } else if (minimatch(path, p, { dot: true })) selected = true;
  }
  return selected;
}

const targets = (t: Target[]): string[] => t.flatMap(({ target, arch }) => arch.map((a) => `${target} ${a}`));

describe('electron-builder.yml', () => {
  it('names the app and builds NSIS x64, DMG arm64, AppImage and deb x64', () => {
    expect(config.appId).toBe('org.ekyc.station');
    expect(config.productName).toBe('eKYC Station');
    expect(targets(config.win.target)).toEqual(['nsis x64']);
    expect(targets(config.mac.target)).toEqual(['dmg arm64']);
    expect(targets(config.linux.target)).toEqual(['AppImage x64', 'deb x64']);
  });

  it("targets only platforms onnxruntime-node ships a binary for (the matrix in docs/security.md)", () => {
    const bin = join(repoRoot, 'node_modules', 'onnxruntime-node', 'bin');
    const napi = readdirSync(bin).filter((d) => d.startsWith('napi-v'));
    expect(napi.length).toBeGreaterThan(0);
    const shipped = napi.flatMap((n) => readdirSync(join(bin, n)).flatMap((os) => readdirSync(join(bin, n, os)).map((arch) => `${os}/${arch}`)));
    for (const needed of ['win32/x64', 'darwin/arm64', 'linux/x64']) expect(shipped).toContain(needed);
    // darwin/x64 is not shipped by this onnxruntime-node: no Intel Mac installer is offered.
    expect(shipped).not.toContain('darwin/x64');
  });

  it('flips the fuses: no run-as-node, no NODE_OPTIONS, no --inspect, app only from an integrity-checked asar', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('is a version of electron-builder that knows electronFuses', () => {
    const types = readFileSync(join(repoRoot, 'node_modules', 'app-builder-lib', 'out', 'configuration.d.ts'), 'utf8');
    expect(types).toMatch(/readonly electronFuses\?: FuseOptionsV1/);
    for (const fuse of Object.keys(config.electronFuses)) expect(types).toContain(`${fuse}?: boolean`);
  });

  it('unpacks every native file of onnxruntime-node and sharp from the asar', () => {
    const nativeFiles = [
      ...filesUnder(join(repoRoot, 'node_modules', 'onnxruntime-node', 'bin')),
      ...readdirSync(join(repoRoot, 'node_modules', '@img')).filter((d) => d.startsWith('sharp-')).flatMap((d) => filesUnder(join(repoRoot, 'node_modules', '@img', d, 'lib'))),
    ].map((f) => relative(repoRoot, f).split('\\').join('/'));
    expect(nativeFiles.some((f) => f.endsWith('onnxruntime_binding.node'))).toBe(true);
    expect(nativeFiles.some((f) => /@img\/sharp-[^/]+\/lib\/sharp-.*\.node$/.test(f))).toBe(true);
    const packedInside = nativeFiles.filter((f) => !config.asarUnpack.some((p) => minimatch(f, p, { dot: true })));
    expect(packedInside).toEqual([]);
  });

  it('recommends pcscd in the deb, which the chip reader talks to on Linux', () => {
    expect(config.deb.recommends).toEqual(['pcscd']);
  });

  it("unpacks koffi's binding (the chip reader's PC/SC calls) for each installer's platform, and leaves the other platforms' binaries and the sources out", () => {
    const koffiFiles = filesUnder(join(repoRoot, 'node_modules', 'koffi')).map((f) => relative(repoRoot, f).split('\\').join('/'));
    const shipped = koffiFiles.filter((f) => selectedBy(['**/*', ...config.files.filter((p) => p.startsWith('!'))], f));
    const binaries = shipped.filter((f) => f.endsWith('.node'));
    expect(binaries.sort()).toEqual(['darwin_arm64', 'linux_x64', 'win32_x64'].map((t) => `node_modules/koffi/build/koffi/${t}/koffi.node`));
    expect(binaries.every((f) => config.asarUnpack.some((p) => minimatch(f, p, { dot: true })))).toBe(true);
    expect(shipped).toContain('node_modules/koffi/index.js');
    expect(shipped.filter((f) => /^node_modules\/koffi\/(src|vendor)\//.test(f))).toEqual([]);
  });

  it('uses icons made by the project, in the formats each platform wants', () => {
    const ico = readFileSync(join(repoRoot, config.win.icon));
    expect(ico.readUInt16LE(2)).toBe(1);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5);
    const icns = readFileSync(join(repoRoot, config.mac.icon));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    for (const size of [16, 32, 48, 256, 512]) expect(existsSync(join(repoRoot, config.linux.icon, `${size}x${size}.png`))).toBe(true);
    expect(existsSync(join(repoRoot, 'assets', 'icon.svg'))).toBe(true);
  });

  it('asks macOS for the camera with a reason and the camera entitlement', () => {
    expect(config.mac.extendInfo.NSCameraUsageDescription).toMatch(/camera/);
    expect(readFileSync(join(repoRoot, config.mac.entitlements), 'utf8')).toContain('com.apple.security.device.camera');
  });
});

describe('the packaged layout', () => {
  let resources: string;
  let app: string;

  beforeAll(() => {
    const built = ['main/electron/app.js', 'renderer/index.html', 'main/models/pinned-models.json'];
    if (!built.every((f) => existsSync(join(repoRoot, 'dist', f)))) {
      execFileSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
    }
    resources = mkdtempSync(join(tmpdir(), 'ekyc-packaged-'));
    app = join(resources, 'app');
    // resources/app: what `files` selects from the project (app.asar's content).
    for (const file of [join(repoRoot, 'package.json'), ...filesUnder(join(repoRoot, 'dist'))]) {
      const rel = relative(repoRoot, file).split('\\').join('/');
      if (!selectedBy(config.files, rel)) continue;
      mkdirSync(dirname(join(app, rel)), { recursive: true });
      copyFileSync(file, join(app, rel));
    }
    // resources/<to>: the extra resources.
    for (const extra of config.extraResources) {
      for (const file of filesUnder(join(repoRoot, extra.from))) {
        const rel = relative(join(repoRoot, extra.from), file).split('\\').join('/');
        if (!extra.filter.some((p) => minimatch(rel, p))) continue;
        mkdirSync(dirname(join(resources, extra.to, rel)), { recursive: true });
        copyFileSync(file, join(resources, extra.to, rel));
      }
    }
  });
  afterAll(() => rmSync(resources, { recursive: true, force: true }));

  it("holds package.json's main and the preload where the window looks for them", () => {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { main: string };
    expect(existsSync(join(app, pkg.main))).toBe(true);
    const location = requireFromHere(join(app, 'dist', 'main', 'electron', 'renderer-location.js')) as { RENDERER_DIR: string; PRELOAD_SCRIPT: string };
    expect(location.RENDERER_DIR).toBe(join(app, 'dist', 'renderer'));
    expect(statSync(location.PRELOAD_SCRIPT).isFile()).toBe(true);
  });

  it('holds every file the page loads: the bundle, the face-api weights and the tfjs wasm binaries', () => {
    const renderer = join(app, 'dist', 'renderer');
    const needed = ['index.html', 'app.js', 'tfjs-wasm/tfjs-backend-wasm.wasm', 'tfjs-wasm/tfjs-backend-wasm-simd.wasm', 'tfjs-wasm/tfjs-backend-wasm-threaded-simd.wasm'];
    for (const model of ['tiny_face_detector_model', 'face_landmark_68_model', 'face_expression_model']) {
      const manifest = `face-api-models/${model}-weights_manifest.json`;
      needed.push(manifest);
      const shards = (JSON.parse(readFileSync(join(repoRoot, 'dist', 'renderer', manifest), 'utf8')) as { paths: string[] }[]).flatMap((g) => g.paths);
      needed.push(...shards.map((s) => `face-api-models/${s}`));
    }
    expect(needed.filter((f) => !existsSync(join(renderer, f)))).toEqual([]);
    expect(filesUnder(app).some((f) => f.endsWith('.map'))).toBe(false);
  });

  it('finds the models in resources/models through defaultModelsDir, each passing its SHA-256 check', async () => {
    const modelFiles = requireFromHere(join(app, 'dist', 'main', 'models', 'model-files.js')) as typeof import('../../src/main/models/model-files');
    const proc = process as NodeJS.Process & { resourcesPath?: string };
    const saved = { resourcesPath: proc.resourcesPath, env: process.env.EKYC_MODELS_DIR };
    delete process.env.EKYC_MODELS_DIR;
    proc.resourcesPath = resources;
    try {
      const dir = modelFiles.defaultModelsDir();
      expect(dir).toBe(join(resources, 'models'));
      const entries = await modelFiles.readManifest(dir);
      expect(entries.map((e) => e.id).sort()).toEqual(expect.arrayContaining(['detector']));
      for (const entry of entries) {
        const { bytes } = await modelFiles.readVerifiedModel(dir, entry.id);
        expect(bytes.length).toBeGreaterThan(1000);
      }
    } finally {
      proc.resourcesPath = saved.resourcesPath;
      if (saved.env !== undefined) process.env.EKYC_MODELS_DIR = saved.env;
    }
  });

  it('ships the pinned model hashes inside the asar and refuses a model swapped with its checksum in resources/models', async () => {
    expect(existsSync(join(app, 'dist', 'main', 'models', 'pinned-models.json'))).toBe(true);
    expect(filesUnder(join(resources, 'models')).some((f) => f.endsWith('pinned-models.json'))).toBe(false);
    expect(config.asarUnpack.some((p) => minimatch('dist/main/models/pinned-models.json', p, { dot: true }))).toBe(false);
    const modelFiles = requireFromHere(join(app, 'dist', 'main', 'models', 'model-files.js')) as typeof import('../../src/main/models/model-files');
    expect(modelFiles.PINNED_MODELS_FILE).toBe(join(app, 'dist', 'main', 'models', 'pinned-models.json'));
    // Someone who can write the install folder replaces a model and fixes its checksum there.
    const installed = join(resources, 'models');
    const manifest = JSON.parse(readFileSync(join(installed, 'manifest.json'), 'utf8')) as { models: { id: string; file: string; sha256: string }[] };
    const landmarks = manifest.models.find((m) => m.id === 'landmarks')!;
    const swapped = Buffer.from('not the pinned model');
    writeFileSync(join(installed, landmarks.file), swapped);
    landmarks.sha256 = createHash('sha256').update(swapped).digest('hex');
    writeFileSync(join(installed, 'manifest.json'), JSON.stringify(manifest));
    const err = await modelFiles.readVerifiedModel(installed, 'landmarks').then(() => null, (e: { code: string; message: string }) => e);
    expect(err?.code).toBe('MODEL_CORRUPT');
    expect(err?.message).toMatch(/manifest\.json was changed: .* this build of the app pins fr_landmark\.onnx .*npm run models/);
  });
});

describe('the installer workflow', () => {
  const workflow = readFileSync(join(repoRoot, '.github', 'workflows', 'installers.yml'), 'utf8');
  const parsed = yaml.load(workflow) as { jobs: { installer: { strategy: { matrix: { include: { os: string; target: string }[] } }; steps: { run?: string }[] } } };

  it("builds each installer on its own platform's runner with the README's commands", () => {
    const include = parsed.jobs.installer.strategy.matrix.include;
    expect(include.map((m) => `${m.os}: ${m.target}`)).toEqual([
      'windows-latest: --win nsis --x64',
      'macos-14: --mac dmg --arm64',
      'ubuntu-24.04: --linux AppImage deb --x64',
    ]);
    const runs = parsed.jobs.installer.steps.map((s) => s.run ?? '').join('\n');
    expect(runs).toContain('npm ci');
    expect(runs).toContain('npm test');
    expect(runs).toMatch(/npm run dist -- \$\{\{ matrix.target \}\}/);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.dist).toContain('electron-builder --config electron-builder.yml');
  });
});
