/**
 * What the operator is told about a chip read: progress while it runs, then the verdict
 * worst first, and when Next stays closed.
 */
import type { ChipRecord } from '../../../src/shared/chip-types';
import { chipBlocker, chipErrorAdvice, chipFindings, chipProgressText } from '../../../src/renderer/services/chip-read';

function chip(over: Partial<ChipRecord> & { status?: ChipRecord['passiveAuth']['status']; summary?: string } = {}): ChipRecord {
  const { status = 'valid', summary = 'signed by UT, chain valid', ...rest } = over;
  return {
    accessControl: 'BAC', ldsVersion: '0107', dataGroupsPresent: [1, 2], face: { format: 'jpeg', width: 240, height: 320, bytes: 18000, decoded: true }, faceProblem: null,
    passiveAuth: { status, summary, detail: '', country: 'UT', dataGroups: [], signatureValid: status !== 'altered', chainValid: status === 'valid', csca: null, signer: null },
    printedZone: 'match', timingsMs: { access: 100, read: 900, total: 1000 }, reader: 'r', faceReference: status === 'valid' ? 'chip' : 'printed', referenceProblem: null,
    portraitAgainstChip: { similarity: 0.7, threshold: 0.36, match: true }, ...rest,
  };
}

describe('chipFindings', () => {
  it('a genuine chip: signed and trusted, its photo used for the face check; Next open', () => {
    expect(chipFindings(chip())).toEqual([
      { tone: 'ok', text: 'Chip: signed by UT, chain valid (BAC).' },
      { tone: 'ok', text: 'The chip photo is used for the face check.' },
    ]);
    expect(chipBlocker(chip())).toBeNull();
  });

  it('altered data comes first, blocks Next, and no portrait line pretends the printed one is fine', () => {
    const altered = chip({ status: 'altered', summary: 'data altered', referenceProblem: 'the chip photo is not the reference: passive authentication gave "data altered"', portraitAgainstChip: null });
    expect(chipFindings(altered).map((f) => f.tone)).toEqual(['bad']);
    expect(chipFindings(altered)[0].text).toMatch(/^Chip: data altered/);
    expect(chipBlocker(altered)).toMatch(/altered after the issuer signed it/);
  });

  it('an untrusted signer is a warning naming what to install, and the printed portrait is used', () => {
    const f = chipFindings(chip({ status: 'untrusted', summary: 'signer not trusted (no CSCA for UT)', referenceProblem: 'the chip photo is not the reference: passive authentication gave "signer not trusted (no CSCA for UT)"', portraitAgainstChip: null }));
    expect(f[0]).toEqual({ tone: 'warn', text: expect.stringMatching(/^Chip: signer not trusted \(no CSCA for UT\)\. .*CSCA certificate \(Settings\)/) });
    expect(f[1]).toEqual({ tone: 'warn', text: expect.stringMatching(/^The printed portrait is used for the face check: the chip photo is not the reference/) });
  });

  it('a printed zone or portrait that disagrees with the chip is tampering, and blocks Next', () => {
    expect(chipFindings(chip({ printedZone: 'mismatch' }))[0]).toMatchObject({ tone: 'bad', text: expect.stringMatching(/differs from the printed machine-readable zone/) });
    expect(chipBlocker(chip({ printedZone: 'mismatch' }))).toMatch(/differs from the printed/);
    const glued = chip({ portraitAgainstChip: { similarity: 0.05, threshold: 0.36, match: false } });
    expect(chipFindings(glued)[0]).toMatchObject({ tone: 'bad', text: expect.stringMatching(/printed portrait does not match the chip photo/) });
    expect(chipBlocker(glued)).toMatch(/does not match the chip photo/);
  });
});

describe('chipProgressText', () => {
  it('says what to do while waiting, and how far the photo is while reading it', () => {
    expect(chipProgressText({ stage: 'waiting-for-document', file: null, bytesRead: 0, bytesTotal: 0 })).toEqual({ text: expect.stringMatching(/^Place the document on the reader/), fraction: null });
    expect(chipProgressText({ stage: 'reading', file: 'DG2', bytesRead: 4500, bytesTotal: 18000 })).toEqual({ text: 'Reading the photo (25%)… keep the document still', fraction: 0.25 });
    expect(chipProgressText({ stage: 'checking', file: null, bytesRead: 0, bytesTotal: 0 }).fraction).toBe(1);
  });
});

describe('chipErrorAdvice', () => {
  it.each([
    ['CHIP_READER_NOT_FOUND', /pcscd/],
    ['CHIP_NO_CARD', /Place the document flat/],
    ['CHIP_REMOVED', /leave it on the reader/],
    ['CHIP_ACCESS_DENIED', /zone was read from this document/],
    ['CHIP_TIMEOUT', /lay it down again/],
    ['CHIP_PROTOCOL', /suspicion/],
  ] as const)('%s: %p', (code, advice) => {
    expect(chipErrorAdvice(code)).toMatch(advice);
  });
});
