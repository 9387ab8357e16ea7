/** What the manifest says about a model's input, read in one place. */
import { graphOptimizationOf, pixelNormalisation, readManifest, type ModelEntry } from '../../../src/main/models/model-files';
import { EkycError } from '../../../src/shared/errors';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/paths';

const entry = (normalisation: unknown): ModelEntry => ({ id: 'detector', file: 'x.onnx', sha256: '', source: '', input: { name: 'input', shape: [1], normalisation }, output: [] });

describe('pixelNormalisation', () => {
  it('reads each face model\'s normalisation from models/manifest.json', async () => {
    const models = await readManifest(join(repoRoot, 'models'));
    const of = (id: string) => pixelNormalisation(models.find((m) => m.id === id) as ModelEntry);
    expect(of('detector')).toEqual({ mean: 127, scale: 128 });
    expect(of('landmarks')).toEqual({ mean: 0, scale: 256 });
    expect(of('embedder')).toEqual({ mean: 127, scale: 128 });
    expect(of('eye-state')).toEqual({ mean: 0, scale: 255 });
  });

  it.each([[undefined], ['(v - 127) / 128'], [null], [{ mean: 127 }], [{ mean: '127', scale: 128 }], [{ mean: 127, scale: 0 }], [{ mean: Number.NaN, scale: 128 }]])(
    'refuses %p as MODEL_CORRUPT, naming the model', (normalisation) => {
      let err: unknown;
      try {
        pixelNormalisation(entry(normalisation));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EkycError);
      expect((err as EkycError).code).toBe('MODEL_CORRUPT');
      expect((err as EkycError).message).toMatch(/model "detector" no input normalisation/);
    });
});

describe('graphOptimizationOf', () => {
  it('gives the embedder every optimisation but the layout one, and the other models all of them', async () => {
    const manifest = await readManifest(join(repoRoot, 'models'));
    const levels = Object.fromEntries(manifest.filter((m) => m.file.endsWith('.onnx')).map((m) => [m.id, graphOptimizationOf(m)]));
    expect(levels).toEqual({ detector: 'all', landmarks: 'all', embedder: 'extended', 'eye-state': 'all', 'presentation-attack': 'all', 'ocr-line': 'all' });
  });

  it('refuses a level onnxruntime does not have as MODEL_CORRUPT, naming the model', () => {
    const entry = { id: 'embedder', file: 'fr_feature.onnx', sha256: '', source: '', input: { name: 'input', shape: [1] }, output: [], graphOptimization: 'fastest' } as unknown as ModelEntry;
    expect(() => graphOptimizationOf(entry)).toThrow(expect.objectContaining({ code: 'MODEL_CORRUPT', message: expect.stringMatching(/model "embedder" the graph optimisation "fastest"; expected one of disabled, basic, extended, all/) }));
  });
});
