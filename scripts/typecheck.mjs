#!/usr/bin/env node
// Type-checks each layer with only the types its runtime has, so a Node or DOM API used in
// the wrong layer is a compile error (eslint-rules/layers.mjs refuses the imports; this
// refuses the ambient types an import is not needed for):
//   tsconfig.shared.json    ES library only: no DOM, no Node types
//   tsconfig.renderer.json  ES + DOM, no Node types
//   tsconfig.preload.json   ES + electron's preload API, no DOM
//   tsconfig.main.json      ES + Node, no DOM
//   tsconfig.json           everything with the tests (what editors and jest see)
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// The largest first: with two at a time, tsconfig.json (about 10 s) runs beside the other four
// (about 12 s in all): 19-22 s instead of 25 s on a 2-core machine (tsc's own GC threads share the cores).
const projects = ['tsconfig.json', 'tsconfig.main.json', 'tsconfig.renderer.json', 'tsconfig.shared.json', 'tsconfig.preload.json'];

/** Runs tsc on one project; resolves with whether it is clean and what tsc printed. */
function check(project) {
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', join(root, project), '--noEmit'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ project, clean: !err, output: `${stdout}${stderr}` });
    });
  });
}

const results = [];
const queue = [...projects];
const runner = async () => {
  for (let project = queue.shift(); project; project = queue.shift()) results.push(await check(project));
};
await Promise.all(Array.from({ length: Math.min(2, availableParallelism()) }, runner));

// Each project's errors together, in the order above, not interleaved.
const failed = projects.map((p) => results.find((r) => r.project === p)).filter((r) => !r.clean);
for (const { project, output } of failed) process.stderr.write(`typecheck: ${project}\n${output}\n`);
if (failed.length > 0) {
  console.error(`typecheck: ${failed.map((r) => r.project).join(', ')} failed (see the errors above)`);
  process.exit(1);
}
console.log(`typecheck: ${projects.length} projects clean`);
