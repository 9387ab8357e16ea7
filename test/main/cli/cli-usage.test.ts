import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { editDistance, nearest } from '../../../src/main/cli/args';
import { COMMAND_SPECS } from '../../../src/main/cli/command-specs';
import { runEkyc } from '../../helpers/cli';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const specs = Object.values(COMMAND_SPECS);

describe('ekyc COMMAND --help', () => {
  it.each(specs.map((s) => [s.name, s] as const))('ekyc %s --help exits 0 and names every option it parses', async (name, spec) => {
    const run = await runEkyc(name, '--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(`usage: ekyc ${name} ${spec.synopsis}\n`)).toBe(true);
    const optionLines = run.stdout.split('\n').filter((l) => /^ {2}--/.test(l));
    const listed = optionLines.map((l) => l.trim().split(/\s/)[0].slice(2));
    expect(listed).toEqual([...spec.options.map((o) => o.name), 'help']);
    for (const o of spec.options) {
      // Each option's line shows its value placeholder (a flag has none) and a description.
      const line = optionLines.find((l) => l.trim().startsWith(`--${o.name} `))!;
      expect(line).toMatch(new RegExp(`--${o.name}${o.value ? ` ${o.value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` : ''} +\\S`));
    }
    expect(run.stdout).toMatch(/\nexit codes: 0 /);
  });

  it.each(specs.map((s) => [s.name, s] as const))('the usage line of %s names exactly the options its parser takes', (_name, spec) => {
    // The synopsis is written by hand (for the grouping of chip's keys); this catches drift.
    const inSynopsis = [...spec.synopsis.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]).sort();
    expect(inSynopsis).toEqual(spec.options.map((o) => o.name).sort());
  });

  it('answers -h, `ekyc help COMMAND`, and --help after other words, all without running the command', async () => {
    const expected = (await runEkyc('verify', '--help')).stdout;
    expect(await runEkyc('verify', '-h')).toEqual({ code: 0, stdout: expected, stderr: '' });
    expect(await runEkyc('help', 'verify')).toEqual({ code: 0, stdout: expected, stderr: '' });
    // A missing file and a misspelt option would both be errors; help wins.
    expect(await runEkyc('verify', '--id', path.join(repoRoot, 'no-such.jpg'), '--treshold', '0.3', '--help')).toEqual({ code: 0, stdout: expected, stderr: '' });
  });

  it('the overview lists every command and exits 0 when asked for', async () => {
    for (const ask of [['--help'], ['-h'], ['help']]) {
      const run = await runEkyc(...ask);
      expect(run.code).toBe(0);
      for (const s of specs) expect(run.stdout).toContain(`  ekyc ${s.name} ${s.synopsis}\n`);
    }
    // No command at all is still a usage error.
    expect((await runEkyc()).code).toBe(2);
  });
});

describe('ekyc --version', () => {
  it('prints the version in package.json and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await runEkyc('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await runEkyc('-V')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('a misspelt option or command', () => {
  it.each([
    [['verify', '--id', 'a.jpg', '--selfie', 'b.jpg', '--treshold', '0.3'], 'verify', 'treshold', 'threshold'],
    [['verify', '--selfi', 'b.jpg'], 'verify', 'selfi', 'selfie'],
    [['verify', '--decline-bellow', '0.2'], 'verify', 'decline-bellow', 'decline-below'],
    [['eval', '--pair', 'p.csv'], 'eval', 'pair', 'pairs'],
    [['mrz', 'doc.jpg', '--jsno'], 'mrz', 'jsno', 'json'],
    [['pad', '--vidoe', 'clip.y4m'], 'pad', 'vidoe', 'video'],
    [['liveness', '--video', 'c.y4m', '--challenge', 'smile'], 'liveness', 'challenge', 'challenges'],
    [['chip', '--mrzkeys', 'L898902C3,740812,120415'], 'chip', 'mrzkeys', 'mrz-keys'],
    [['chip', '--docum', 'doc.jpg'], 'chip', 'docum', 'document'],
    [['detect', 'x.jpg', '--hlep'], 'detect', 'hlep', 'help'],
  ])('%j names the nearest option and exits 2', async (argv, command, typed, meant) => {
    const run = await runEkyc(...argv);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`ekyc ${command}: unknown option --${typed}; did you mean --${meant}? [INVALID_ARGUMENT]\n`);
  });

  it('lists the options when none is near', async () => {
    const run = await runEkyc('verify', '--colour', 'red');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('ekyc verify: unknown option --colour; ekyc verify takes --id, --selfie, --json, --threshold, --decline-below, --help [INVALID_ARGUMENT]\n');
  });

  it('an unknown command names the nearest one and lists every command', async () => {
    const run = await runEkyc('verfy', '--id', 'a.jpg');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^ekyc: unknown command "verfy"; did you mean verify\?\n/);
    for (const s of specs) expect(run.stderr).toContain(`  ekyc ${s.name} ${s.synopsis}\n`);
    const far = await runEkyc('enrol');
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(/^ekyc: unknown command "enrol"\n/);
    expect((await runEkyc('--verison')).stderr).toMatch(/^ekyc: unknown command "--verison"; did you mean --version\?\n/);
  });
});

describe('nearest', () => {
  it('counts a swap of neighbours as one edit and keeps short words strict', () => {
    expect(editDistance('jsno', 'json')).toBe(1);
    expect(editDistance('treshold', 'threshold')).toBe(1);
    expect(editDistance('', 'id')).toBe(2);
    expect(nearest('is', ['id', 'json'])).toBe('id');
    // Two edits on a four-letter word is a different word, not a typo.
    expect(nearest('jpeg', ['json', 'id'])).toBeUndefined();
    // An unambiguous abbreviation is recognised; an ambiguous one is not guessed.
    expect(nearest('thresh', ['threshold', 'json'])).toBe('threshold');
    expect(nearest('d', ['document', 'decline-below'])).toBeUndefined();
  });
});
