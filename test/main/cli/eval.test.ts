/**
 * `ekyc eval` reads only what its pairs file names inside --root, and says "cannot decide"
 * (exit 2) when it could score nothing. These cases fail before any model loads.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePairsCsv } from '../../../src/main/cli/commands/eval';
import { runEkyc } from '../../helpers/cli';

const base = mkdtempSync(join(tmpdir(), 'ekyc-eval-'));
const root = join(base, 'set');
const outside = join(base, 'private');
mkdirSync(root);
mkdirSync(outside);
// Never read by any test: each would be an escape out of --root.
writeFileSync(join(outside, 'customer.jpg'), 'not for eval');
writeFileSync(join(root, 'a.jpg'), 'placeholder: the path checks run before any image is decoded');

function pairsFile(name: string, rows: string[]): string {
  const path = join(base, name);
  writeFileSync(path, ['img1,img2,same', ...rows].join('\n'));
  return path;
}

describe('ekyc eval keeps every path inside --root', () => {
  it.each([
    ['a "../" path', '../private/customer.jpg', /line 3: "\.\.\/private\/customer\.jpg" leads out of the root folder; every image must be inside --root/],
    ['an absolute path', join(outside, 'customer.jpg'), /line 3: ".*customer\.jpg" is an absolute path; every image must be inside --root/],
    ['a path that climbs out and back in', '../set/../private/customer.jpg', /line 3: .* leads out of the root folder/],
  ])('refuses %s with exit 2, naming the CSV line', async (_what, path, message) => {
    const csv = pairsFile('escape.csv', ['a.jpg,a.jpg,1', `a.jpg,${path},0`]);
    const run = await runEkyc('eval', '--pairs', csv, '--root', root, '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/\[INVALID_ARGUMENT\]/);
    expect(run.stdout).toBe('');
  });

  it('refuses a symbolic link inside the root that leads out of it', async () => {
    symlinkSync(join(outside, 'customer.jpg'), join(root, 'link.jpg'));
    mkdirSync(join(root, 'linked-dir'));
    symlinkSync(outside, join(root, 'linked-dir', 'up'));
    const csv = pairsFile('links.csv', ['a.jpg,link.jpg,0']);
    const run = await runEkyc('eval', '--pairs', csv, '--root', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/line 2: "link\.jpg" leads through a symbolic link to .*private\/customer\.jpg, outside the root folder; .*\[INVALID_ARGUMENT\]/);
    const viaDir = await runEkyc('eval', '--pairs', pairsFile('dirlink.csv', ['linked-dir/up/customer.jpg,a.jpg,1']), '--root', root);
    expect(viaDir.code).toBe(2);
    expect(viaDir.stderr).toMatch(/line 2: "linked-dir\/up\/customer\.jpg" leads through a symbolic link to .*outside the root folder/);
  });

  it('follows a root that is itself a symbolic link (only links out of it are refused)', async () => {
    const linkedRoot = join(base, 'set-link');
    symlinkSync(root, linkedRoot);
    const run = await runEkyc('eval', '--pairs', pairsFile('gone.csv', ['gone1.jpg,gone2.jpg,1']), '--root', linkedRoot, '--json');
    // Past the path check: it fails only because the files are missing.
    expect(run.stderr).toMatch(/no pair could be scored/);
  });
});

describe('ekyc eval when nothing can be scored', () => {
  it('exits 2 and lists missing files as missing, not as images without a face', async () => {
    const csv = pairsFile('missing.csv', ['gone1.jpg,gone2.jpg,1', 'gone1.jpg,gone3.jpg,0']);
    const run = await runEkyc('eval', '--pairs', csv, '--root', root, '--json');
    expect(run.code).toBe(2);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ pairs: 0, noFace: [], missing: ['gone1.jpg', 'gone2.jpg', 'gone3.jpg'], unreadable: [] });
    expect(run.stderr).toMatch(/missing\.csv: no pair could be scored: of its images, 3 missing \(gone1\.jpg, gone2\.jpg, gone3\.jpg\); check --root .* \[FILE_NOT_FOUND\]/);
  });

  it('exits 2 for a pairs file with only its header', async () => {
    const run = await runEkyc('eval', '--pairs', pairsFile('header-only.csv', []), '--root', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/header-only\.csv: no pair could be scored \(it lists no pairs\)/);
  });

  it('exits 2 when --root does not exist or is a file', async () => {
    const csv = pairsFile('one.csv', ['a.jpg,a.jpg,1']);
    expect((await runEkyc('eval', '--pairs', csv, '--root', join(base, 'nowhere'))).stderr).toMatch(/--root .*nowhere does not exist; .*\[FILE_NOT_FOUND\]/);
    expect((await runEkyc('eval', '--pairs', csv, '--root', csv)).stderr).toMatch(/--root .*one\.csv is not a folder; .*\[INVALID_ARGUMENT\]/);
  });
});

describe('ekyc eval --pairs that is not a regular file', () => {
  it('refuses a named pipe (FIFO) at once instead of hanging', async () => {
    const fifo = join(base, 'pairs.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const run = await runEkyc('eval', '--pairs', fifo, '--root', root);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/pairs\.fifo is a named pipe \(FIFO\), not a regular file.*Save a PAIRS\.csv to a file .*\[FILE_UNREADABLE\]/);
  });

  it('refuses a directory with a specific error, not a raw EISDIR', async () => {
    const run = await runEkyc('eval', '--pairs', root, '--root', root);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/set is a directory, not a file; give the path of a PAIRS\.csv \[FILE_UNREADABLE\]/);
  });

  it('names a missing pairs file', async () => {
    const run = await runEkyc('eval', '--pairs', join(base, 'nope.csv'), '--root', root);
    expect(run.stderr).toMatch(/nope\.csv does not exist; check the path \(expected a PAIRS\.csv\) \[FILE_NOT_FOUND\]/);
  });
});

describe('parsePairsCsv', () => {
  it('numbers lines as an editor does, blank lines included', () => {
    expect(() => parsePairsCsv('img1,img2,same\n\na.jpg,b.jpg,1\n\nbad line\n', 'p.csv')).toThrow(/p\.csv line 5: expected "img1,img2,same"/);
    expect(parsePairsCsv('img1,img2,same\r\n\r\na.jpg,b.jpg,0\r\n', 'p.csv')).toEqual([{ img1: 'a.jpg', img2: 'b.jpg', same: false, line: 3 }]);
  });
});
