/**
 * The run-time checks of the engine contract for the document calls: the engine opens a
 * document from a path or from bytes (exactly one), every later call names it by handle,
 * and main refuses an analysis whose portrait, embedding and problem disagree.
 */
import { validateEngineCall, validateEngineReply } from '../../src/shared/engine-contract';

const call = (method: string, request: unknown) => validateEngineCall({ id: 1, method, request });

describe('engine contract: documents by handle', () => {
  it('opens a document from a path or from bytes, exactly one of them', () => {
    expect(call('open-document', { fileName: 'a.jpg', preview: true, path: '/tmp/a.jpg' }).request).toEqual({ fileName: 'a.jpg', preview: true, path: '/tmp/a.jpg' });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff]);
    expect(call('open-document', { fileName: 'a.jpg', preview: false, bytes }).request).toEqual({ fileName: 'a.jpg', preview: false, bytes });
    expect(() => call('open-document', { fileName: 'a.jpg', preview: false })).toThrow(/exactly one/);
    expect(() => call('open-document', { fileName: 'a.jpg', preview: false, path: '/tmp/a.jpg', bytes })).toThrow(/exactly one/);
    expect(() => call('open-document', { fileName: 'a.jpg', preview: false, bytes: [1, 2, 3] })).toThrow(/bytes must be a Uint8Array/);
    expect(() => call('open-document', { fileName: 'a.jpg', path: '/tmp/a.jpg' })).toThrow(/preview must be true or false/);
  });

  it('names a kept document by a short handle only', () => {
    expect(call('analyze-document', { documentId: 'd1' }).request).toEqual({ documentId: 'd1' });
    expect(() => call('read-document-mrz', { documentId: '' })).toThrow(/documentId/);
    expect(() => call('read-document-mrz', { documentId: 'x'.repeat(101) })).toThrow(/documentId/);
    expect(call('release-documents', {}).request).toEqual({});
  });

  it('checks a document\'s printed page by its handles (1 to the most kept) and the zone\'s ISO dates or null and sex', () => {
    const zone = { birthDate: '1974-08-12', expirationDate: null, sex: 'F' };
    expect(call('check-printed-page', { documentIds: ['front', 'back'], zone }).request).toEqual({ documentIds: ['front', 'back'], zone });
    expect(() => call('check-printed-page', { documentIds: [], zone })).toThrow(/documentIds must list 1 to/);
    expect(() => call('check-printed-page', { documentIds: Array.from({ length: 50 }, (_, i) => `d${i}`), zone })).toThrow(/documentIds must list 1 to/);
    expect(() => call('check-printed-page', { documentIds: [''], zone })).toThrow(/documentId/);
    expect(() => call('check-printed-page', { documentIds: ['front'], zone: { ...zone, birthDate: '12.08.1974' } })).toThrow(/zone.birthDate must be YYYY-MM-DD or null/);
    expect(() => call('check-printed-page', { documentIds: ['front'], zone: { ...zone, sex: '<' } })).toThrow(/zone.sex must be M, F or X/);
    expect(() => call('check-printed-page', { documentIds: ['front'] })).toThrow(/zone must be/);
  });

  it('accepts a printed-page reply that holds statuses and counts only, and refuses any other', () => {
    const dates = { birthDate: { status: 'differs', part: 'year' }, expirationDate: { status: 'not-in-zone' }, datesRead: 2 };
    const sex = { status: 'matches' };
    const reply = (d: object, s: object = sex): unknown => ({ check: { dates: d, sex: s } });
    expect(validateEngineReply('check-printed-page', reply(dates))).toEqual(reply(dates));
    expect(validateEngineReply('check-printed-page', reply({ ...dates, problem: 'the OCR failed' }))).toEqual(reply({ ...dates, problem: 'the OCR failed' }));
    // A date or letter smuggled in beside the status is dropped: the record never holds them.
    expect(validateEngineReply('check-printed-page', reply({ ...dates, birthDate: { status: 'differs', part: 'year', printed: '1964-08-12' } })).check.dates.birthDate).toEqual({ status: 'differs', part: 'year' });
    expect(validateEngineReply('check-printed-page', reply(dates, { status: 'differs', printed: 'M' })).check.sex).toEqual({ status: 'differs' });
    expect(() => validateEngineReply('check-printed-page', reply({ ...dates, birthDate: { status: 'differs', part: 'century' } }))).toThrow(/check.dates.birthDate.part must be one of day, month, year/);
    expect(() => validateEngineReply('check-printed-page', reply({ ...dates, expirationDate: { status: 'fine' } }))).toThrow(/check.dates.expirationDate.status must be/);
    expect(() => validateEngineReply('check-printed-page', reply({ ...dates, datesRead: -1 }))).toThrow(/check.dates must be/);
    expect(() => validateEngineReply('check-printed-page', reply({ ...dates, problem: 42 }))).toThrow(/check.dates.problem must be text/);
    expect(() => validateEngineReply('check-printed-page', reply(dates, { status: 'same' }))).toThrow(/check.sex.status must be matches, differs or not-read/);
    expect(() => validateEngineReply('check-printed-page', { check: dates })).toThrow(/check.dates must be/);
  });

  it('asks for a document\'s portrait age by handle, and accepts only an age in years', () => {
    expect(call('estimate-portrait-age', { documentId: 'front' }).request).toEqual({ documentId: 'front' });
    expect(() => call('estimate-portrait-age', { documentId: '' })).toThrow(/documentId/);
    expect(validateEngineReply('estimate-portrait-age', { apparentAge: 37.4 })).toEqual({ apparentAge: 37.4 });
    for (const apparentAge of [-1, 151, Number.NaN, '37', undefined]) {
      expect(() => validateEngineReply('estimate-portrait-age', { apparentAge })).toThrow(/estimate-portrait-age replies \{ apparentAge: years, 0 to 150 \}/);
    }
  });

  it('asks the engine to load every model with an empty request, and accepts only a reply naming them all', () => {
    expect(call('load-models', {}).request).toEqual({});
    expect(validateEngineReply('load-models', { models: ['apparent-age', 'mrz', 'faces'] })).toEqual({ models: ['faces', 'mrz', 'apparent-age'] });
    expect(() => validateEngineReply('load-models', { models: ['faces', 'mrz'] })).toThrow(/load-models replies/);
    expect(() => validateEngineReply('load-models', {})).toThrow(/load-models replies/);
  });

  it('accepts a document frame\'s assessment only with a known problem or none, and its measurement', () => {
    expect(validateEngineReply('assess-document-frame', { assessment: { problem: null, measured: 'a zone of 2 lines' } })).toEqual({ assessment: { problem: null, measured: 'a zone of 2 lines' } });
    expect(validateEngineReply('assess-document-frame', { assessment: { problem: 'glare', measured: 'x' } }).assessment.problem).toBe('glare');
    expect(() => validateEngineReply('assess-document-frame', { assessment: { problem: 'dusty', measured: 'x' } })).toThrow(/assessment must be/);
    expect(() => validateEngineReply('assess-document-frame', { assessment: { problem: null } })).toThrow(/assessment must be/);
  });

  it('carries a document frame\'s zone lines and the printed-text rows beside a face, each only in its shape', () => {
    const grey = { data: new Uint8Array(64 * 64), width: 64, height: 64 };
    expect(call('assess-document-frame', { image: grey, besideFace: { x: 10, y: 10, width: 20, height: 24 } }).request).toEqual({ image: grey, besideFace: { x: 10, y: 10, width: 20, height: 24 } });
    expect(() => call('assess-document-frame', { image: grey, besideFace: { x: 10, y: 10, width: 0, height: 24 } })).toThrow(/besideFace must be a box of finite x, y and positive width and height/);
    expect(validateEngineReply('assess-document-frame', { assessment: { problem: 'no-zone', measured: 'x', zoneLines: 3, textRows: 7 } })).toEqual({ assessment: { problem: 'no-zone', measured: 'x', zoneLines: 3, textRows: 7 } });
    expect(() => validateEngineReply('assess-document-frame', { assessment: { problem: null, measured: 'x', zoneLines: 4 } })).toThrow(/zoneLines must be 2 or 3/);
    expect(() => validateEngineReply('assess-document-frame', { assessment: { problem: null, measured: 'x', textRows: -1 } })).toThrow(/textRows must be a count/);
  });

  it('refuses an analysis whose portrait, embedding and problem disagree', () => {
    const preview = { jpeg: new Uint8Array([0xff, 0xd8]), width: 10, height: 10 };
    const problem = { code: 'NO_USABLE_PORTRAIT', message: 'no face' };
    expect(validateEngineReply('analyze-document', { documentId: 'd1', fileName: 'a.jpg', preview, portrait: null, embedding: null, portraitProblem: problem }))
      .toMatchObject({ portrait: null, portraitProblem: problem });
    expect(() => validateEngineReply('analyze-document', { documentId: 'd1', fileName: 'a.jpg', preview, portrait: null, embedding: new Float32Array(4), portraitProblem: problem })).toThrow(/no embedding/);
    expect(() => validateEngineReply('analyze-document', { documentId: 'd1', fileName: 'a.jpg', preview, portrait: null, embedding: null, portraitProblem: null })).toThrow(/must say why/);
    expect(() => validateEngineReply('analyze-document', { documentId: 'd1', fileName: 'a.jpg', preview: { jpeg: 'x', width: 1, height: 1 }, portrait: null, embedding: null, portraitProblem: problem })).toThrow(/preview/);
  });
});
