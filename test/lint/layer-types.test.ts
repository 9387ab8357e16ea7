/**
 * Each layer is type-checked with only the ambient types its runtime has (scripts/typecheck.mjs
 * runs tsconfig.<layer>.json): a DOM API in main or shared, or a Node global in the renderer
 * or shared, is a compile error even where no import gives it away.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { repoRoot } from '../helpers/paths';

const PROBE = [
  'export const title = document.title;',
  'export const pid = process.pid;',
  'export const clone = structuredClone({ a: 1 });',
  'export const wait = new Promise((done) => setTimeout(done, 1));',
].join('\n');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'layer-types-'));
  writeFileSync(join(dir, 'probe.ts'), PROBE);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The names a layer's tsconfig cannot find when it compiles the probe. */
function missingNames(project: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(repoRoot, project), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (!config) throw new Error(`${project} did not parse`);
  // The layer's own extra declarations (types/*.d.ts) come with it; its source files do not.
  const extras = config.fileNames.filter((file) => file.endsWith('.d.ts'));
  const program = ts.createProgram([join(dir, 'probe.ts'), ...extras], config.options);
  return ts.getPreEmitDiagnostics(program)
    .map((d) => /Cannot find name '(\w+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'))?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

describe('layer type checking', () => {
  it('gives src/shared neither DOM nor Node, only what both runtimes share', () => {
    expect(missingNames('tsconfig.shared.json')).toEqual(['document', 'process', 'setTimeout']);
  });

  it('gives the renderer the DOM and no Node', () => {
    expect(missingNames('tsconfig.renderer.json')).toEqual(['process']);
  });

  it('gives main Node and no DOM', () => {
    expect(missingNames('tsconfig.main.json')).toEqual(['document']);
  });
});
