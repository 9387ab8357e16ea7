/**
 * The document store's bounds: by count, by bytes (decoded documents are larger than their
 * files), by time since last use, and released at once when the session ends. The images are
 * drawn here; no model runs.
 */
import sharp from 'sharp';
import { MAX_KEPT_DOCUMENTS } from '../../../src/shared/ipc-contract';
import { KEPT_DOCUMENT_TTL_MS, KeptDocuments } from '../../../src/main/ipc/kept-documents';

const png = async (width: number, height: number): Promise<Uint8Array> =>
  new Uint8Array(await sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 200 } } }).png().toBuffer());

const gone = expect.objectContaining({ code: 'SESSION_STATE', message: expect.stringContaining('no longer open') });

describe('KeptDocuments', () => {
  it('decodes once, previews on request, and reads the grey copy the MRZ reader gets', async () => {
    const store = new KeptDocuments();
    const opened = await store.openDocument({ fileName: 'card.png', bytes: await png(300, 200), preview: true });
    expect(opened).toMatchObject({ fileName: 'card.png', preview: { width: 300, height: 200 } });
    expect(opened.preview!.jpeg.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0xd8]));
    const first = await store.pixels(opened.documentId);
    expect(await store.pixels(opened.documentId)).toBe(first);
    expect(store.usage).toEqual({ documents: 1, bytes: 300 * 200 * 3 });
    const grey = await store.greyPixels(opened.documentId);
    expect([grey.width, grey.height, grey.data.length]).toEqual([300, 200, 300 * 200]);
  });

  it('without an MRZ reader answers NO_MRZ, not a crash', async () => {
    const store = new KeptDocuments();
    const { documentId } = await store.openDocument({ fileName: 'card.png', bytes: await png(64, 64), preview: false });
    await expect(store.readDocumentMrz(documentId)).rejects.toMatchObject({ code: 'NO_MRZ' });
  });

  it('reads the apparent age of the portrait its analysis found, on the document turned as the portrait was, and of no other', async () => {
    const box = { x: 20, y: 30, width: 60, height: 70 };
    const seen: { width: number; height: number; box: unknown }[] = [];
    const store = new KeptDocuments({
      faces: async () => ({ findPortrait: async () => ({ portrait: { box, rotation: 90 }, embedding: new Float32Array(512) }) as never }),
      ages: async () => ({ estimate: async (image, faceBox) => (seen.push({ width: image.width, height: image.height, box: faceBox }), 41.5) }),
    });
    const { documentId } = await store.openDocument({ fileName: 'card.png', bytes: await png(300, 200), preview: false });
    await expect(store.estimatePortraitAge(documentId)).rejects.toMatchObject({ code: 'NO_USABLE_PORTRAIT', message: expect.stringMatching(/no usable portrait was found on this document/) });
    await store.analyzeDocument(documentId);
    await expect(store.estimatePortraitAge(documentId)).resolves.toBe(41.5);
    expect(seen).toEqual([{ width: 200, height: 300, box }]);
    await expect(new KeptDocuments().estimatePortraitAge(documentId)).rejects.toEqual(gone);
  });

  it('without an age model answers MODEL_MISSING for a portrait found', async () => {
    const store = new KeptDocuments({ faces: async () => ({ findPortrait: async () => ({ portrait: { box: { x: 0, y: 0, width: 50, height: 50 }, rotation: 0 }, embedding: new Float32Array(512) }) as never }) });
    const { documentId } = await store.openDocument({ fileName: 'card.png', bytes: await png(100, 100), preview: false });
    await store.analyzeDocument(documentId);
    await expect(store.estimatePortraitAge(documentId)).rejects.toMatchObject({ code: 'MODEL_MISSING', message: expect.stringMatching(/no apparent-age model installed; run `npm run models`/) });
  });

  it('checks the printed page only with a reader that reads pages, and not on a document released', async () => {
    const zone = { birthDate: '1974-08-12', expirationDate: '2034-04-15', sex: 'M' as const };
    const store = new KeptDocuments();
    const { documentId } = await store.openDocument({ fileName: 'card.png', bytes: await png(64, 64), preview: false });
    await expect(store.checkPrintedPage([documentId], zone)).rejects.toMatchObject({ code: 'NO_MRZ', message: 'this station has no OCR installed to read the printed page with' });
    // A zone reader without the page OCR (as main's engine client is) says the same.
    const zoneOnly = new KeptDocuments({ faces: async () => { throw new Error('no faces here'); }, mrz: async () => ({ readImage: async () => { throw new Error('unused'); }, assessFrame: async () => { throw new Error('unused'); } }) });
    const kept = await zoneOnly.openDocument({ fileName: 'card.png', bytes: await png(64, 64), preview: false });
    await expect(zoneOnly.checkPrintedPage([kept.documentId], zone)).rejects.toMatchObject({ code: 'NO_MRZ' });
    await zoneOnly.releaseDocuments();
    const reading = new KeptDocuments({ faces: async () => { throw new Error('no faces here'); }, mrz: async () => ({ readImage: async () => { throw new Error('unused'); }, assessFrame: async () => { throw new Error('unused'); }, readPrintedLines: async () => [] }) });
    const released = await reading.openDocument({ fileName: 'card.png', bytes: await png(64, 64), preview: false });
    await expect(reading.checkPrintedPage([released.documentId], zone)).resolves.toEqual({ dates: { birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0 }, sex: { status: 'not-read' } });
    await reading.releaseDocuments();
    await expect(reading.checkPrintedPage([released.documentId], zone)).rejects.toEqual(gone);
  });

  it(`keeps at most ${MAX_KEPT_DOCUMENTS} documents, forgetting the least recently used`, async () => {
    const store = new KeptDocuments();
    const ids: string[] = [];
    for (let i = 0; i <= MAX_KEPT_DOCUMENTS; i++) ids.push(store.add(`doc${i}.png`, await png(40, 40)));
    // The first was forgotten when the fifth came; touching the second keeps it past the sixth.
    expect(() => store.fileName(ids[0])).toThrow(gone);
    expect(store.fileName(ids[1])).toBe('doc1.png');
    store.add('doc-next.png', await png(40, 40));
    expect(store.fileName(ids[1])).toBe('doc1.png');
    expect(() => store.fileName(ids[2])).toThrow(gone);
    expect(store.usage.documents).toBe(MAX_KEPT_DOCUMENTS);
  });

  it('forgets older documents when a decoded one takes their room', async () => {
    // Room for one decoded 200 x 200 document (120,000 bytes), not two.
    const store = new KeptDocuments({ maxBytes: 150_000 });
    const a = store.add('a.png', await png(200, 200));
    await store.pixels(a);
    const b = store.add('b.png', await png(200, 200));
    expect(store.fileName(a)).toBe('a.png'); // b is still encoded: a few hundred bytes
    await store.pixels(b);
    expect(() => store.fileName(a)).toThrow(gone);
    expect(store.usage).toEqual({ documents: 1, bytes: 120_000 });
  });

  it(`forgets a document unused for ${KEPT_DOCUMENT_TTL_MS / 60_000} minutes, and every document on release`, async () => {
    let t = 1_000_000;
    const store = new KeptDocuments({ now: () => t });
    const a = store.add('a.png', await png(40, 40));
    const b = store.add('b.png', await png(40, 40));
    t += KEPT_DOCUMENT_TTL_MS - 1;
    expect(store.fileName(a)).toBe('a.png');
    t += 2;
    // a was used a moment ago; b not since it was opened.
    expect(store.fileName(a)).toBe('a.png');
    expect(() => store.fileName(b)).toThrow(gone);
    await store.releaseDocuments();
    expect(() => store.fileName(a)).toThrow(gone);
    expect(store.usage).toEqual({ documents: 0, bytes: 0 });
  });
});
