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

  it('asks the engine to load every model with an empty request, and accepts only a reply naming them all', () => {
    expect(call('load-models', {}).request).toEqual({});
    expect(validateEngineReply('load-models', { models: ['mrz', 'faces'] })).toEqual({ models: ['faces', 'mrz'] });
    expect(() => validateEngineReply('load-models', { models: ['faces'] })).toThrow(/load-models replies/);
    expect(() => validateEngineReply('load-models', {})).toThrow(/load-models replies/);
  });

  it('accepts a document frame\'s assessment only with a known problem or none, and its measurement', () => {
    expect(validateEngineReply('assess-document-frame', { assessment: { problem: null, measured: 'a zone of 2 lines' } })).toEqual({ assessment: { problem: null, measured: 'a zone of 2 lines' } });
    expect(validateEngineReply('assess-document-frame', { assessment: { problem: 'glare', measured: 'x' } }).assessment.problem).toBe('glare');
    expect(() => validateEngineReply('assess-document-frame', { assessment: { problem: 'dusty', measured: 'x' } })).toThrow(/assessment must be/);
    expect(() => validateEngineReply('assess-document-frame', { assessment: { problem: null } })).toThrow(/assessment must be/);
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
