#!/usr/bin/env node
// Printed dates and sex against the zone (issue 16, cross-checks): for every document in
// ../shared/facedata/idcards and idcards-dev, reads the zone with the built reader (run
// `npm run build` first), then OCRs the same image's visual zone (src/main/document/printed-text-ocr.ts)
// and holds its dates against the zone's birth date and expiry (printed-dates.ts) and its sex
// against the zone's (printed-sex.ts), as the station does. Prints per document the dates read,
// each field's status and the OCR time; then the counts.
// These specimens are genuine: every `differs` here is a false alarm.
// Usage: node bench/printed-dates.mjs [--json > run.json] [--from run.json] (the table of an earlier --json run)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const fromIndex = process.argv.indexOf('--from');
const rows = fromIndex > 0 ? JSON.parse(readFileSync(process.argv[fromIndex + 1], 'utf8')) : await measure();

async function measure() {
const require = createRequire(import.meta.url);
const { MrzReader } = require(join(root, 'dist/main/document/mrz-reader.js'));
const { decodeDocumentImage } = require(join(root, 'dist/main/document/document-image.js'));
const { checkPrintedDates, datesOfLines } = require(join(root, 'dist/main/document/printed-dates.js'));
const { checkPrintedSex, printedSexReadings } = require(join(root, 'dist/main/document/printed-sex.js'));
const sets = ['idcards', 'idcards-dev'].map((name) => ({ name, dir: resolve(root, '..', 'shared', 'facedata', name) }));
const present = sets.filter((s) => existsSync(s.dir));
for (const s of sets) if (!existsSync(s.dir)) console.error(`skipped: ${s.dir} is absent`);
if (present.length === 0) process.exit(0);

const reader = await MrzReader.create();
const rows = [];
for (const { name, dir } of present) {
  for (const file of readdirSync(dir).filter((f) => /\.(png|jpe?g)$/i.test(f)).sort()) {
    const row = { set: name, file };
    try {
      const image = await decodeDocumentImage(join(dir, file));
      const reading = await reader.readImage(image, file);
      const t0 = performance.now();
      const lines = await reader.readPrintedLines([{ image, rotation: reading.rotation }]);
      const ms = performance.now() - t0;
      const fields = reading.mrz.fields;
      const check = checkPrintedDates(fields, lines);
      const { read, agreed } = datesOfLines(lines);
      // The same page against the zone altered as a forger would, check digits and all: the
      // birth year ten years on, the expiry ten years on.
      const shift = (iso) => (iso === null ? null : `${Number(iso.slice(0, 4)) + 10}${iso.slice(4)}`);
      const altered = {
        birthDate: checkPrintedDates({ ...fields, birthDate: shift(fields.birthDate) }, lines).birthDate,
        expirationDate: checkPrintedDates({ ...fields, expirationDate: shift(fields.expirationDate) }, lines).expirationDate,
      };
      // The sex: as the zone says, and swapped (M and F) as a forger would.
      const sex = checkPrintedSex(fields.sex, lines);
      const swapped = { M: 'F', F: 'M', X: 'X' }[fields.sex];
      altered.sex = checkPrintedSex(swapped, lines);
      const sexRead = printedSexReadings(lines).map((r) => `${r.line.tesseract}|${r.line.paddle}`);
      Object.assign(row, { format: reading.mrz.format, valid: reading.mrz.valid, ms, lines, dates: read.map((d) => d.text), agreed: agreed.map((d) => d.text), check: { ...check, sex }, altered, zoneSex: fields.sex, sexRead });
    } catch (err) {
      Object.assign(row, { error: err.code ?? err.message });
    }
    rows.push(row);
  }
}
await reader.dispose();
return rows;
}

const status = (c) => (c.status === 'differs' ? `differs (${c.part})` : c.status);
const read = rows.filter((r) => r.check);
const count = (field, s) => read.filter((r) => r.check[field].status === s).length;
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log('| set | file | format | zone valid | dates read (both readers alike) | birth date | expiry | sex | birth year +10 | expiry year +10 | sex swapped | OCR ms |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (!r.check) console.log(`| ${r.set} | ${r.file} | - | no zone (${r.error}) | - | - | - | - | - | - | - | - |`);
    else console.log(`| ${r.set} | ${r.file} | ${r.format} | ${r.valid ? 'yes' : 'no'} | ${r.dates.length ? r.dates.join('; ') : '-'} (${r.agreed.length}) | ${status(r.check.birthDate)} | ${status(r.check.expirationDate)} | ${status(r.check.sex)} | ${status(r.altered.birthDate)} | ${status(r.altered.expirationDate)} | ${status(r.altered.sex)} | ${r.ms.toFixed(0)} |`);
  }
  const ms = read.map((r) => r.ms).sort((a, b) => a - b);
  console.log('');
  for (const field of ['birthDate', 'expirationDate']) {
    console.log(`${field}: matches ${count(field, 'matches')}, differs ${count(field, 'differs')} (false alarms), not read ${count(field, 'not-read')}, not in zone ${count(field, 'not-in-zone')} (of ${read.length} documents with a zone); zone altered by 10 years: flagged on ${read.filter((r) => r.check[field].status === 'matches' && r.altered[field].status === 'differs').length} of the ${count(field, 'matches')} whose date the page confirmed, and on ${read.filter((r) => r.check[field].status !== 'matches' && r.altered[field].status === 'differs').length} others`);
  }
  const sex = (s) => read.filter((r) => r.check.sex.status === s).length;
  console.log(`sex: matches ${sex('matches')}, differs ${sex('differs')} (false alarms), not read ${sex('not-read')} (of ${read.length}); swapped (M and F): flagged on ${read.filter((r) => r.check.sex.status === 'matches' && r.altered.sex.status === 'differs').length} of the ${sex('matches')} whose sex the page confirmed`);
  if (ms.length) console.log(`OCR of the visual zone: median ${ms[Math.floor(ms.length / 2)].toFixed(0)} ms, max ${ms[ms.length - 1].toFixed(0)} ms per image`);
}
