#!/usr/bin/env node
// Type-checks each layer with only the types its runtime has, so a Node or DOM API used in
// the wrong layer is a compile error (eslint-rules/layers.mjs refuses the imports; this
// refuses the ambient types an import is not needed for):
//   tsconfig.shared.json    ES library only: no DOM, no Node types
//   tsconfig.renderer.json  ES + DOM, no Node types
//   tsconfig.preload.json   ES + electron's preload API, no DOM
//   tsconfig.main.json      ES + Node, no DOM
//   tsconfig.json           everything with the tests (what editors and jest see)
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const projects = ['tsconfig.shared.json', 'tsconfig.renderer.json', 'tsconfig.preload.json', 'tsconfig.main.json', 'tsconfig.json'];

const failed = [];
for (const project of projects) {
  try {
    execFileSync(process.execPath, [tsc, '-p', join(root, project), '--noEmit'], { stdio: 'inherit', cwd: root });
  } catch {
    failed.push(project);
  }
}
if (failed.length > 0) {
  console.error(`typecheck: ${failed.join(', ')} failed (see the errors above)`);
  process.exit(1);
}
console.log(`typecheck: ${projects.length} projects clean`);
