/**
 * chip:read through the checked IPC handlers, on the real face and MRZ models: the chip is
 * opened with the keys of the zone main read from the card's back (the request carries
 * none), checked against a CSCA trust list the test makes, and its photo becomes the face
 * match's reference. The chip is the simulated eMRTD (test/helpers/simulated-emrtd.ts)
 * injected as the card opener, the one seam the PC/SC reader also goes through.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { errorOf, valueOf } from '../../helpers/ipc-replies';
import { mrzKeysFromLines, type CardOpener } from '../../../src/main/chip/chip-reader';
import { EF } from '../../../src/main/chip/files';
import { openPcscCard } from '../../../src/main/chip/pcsc-service';
import { MrzReader } from '../../../src/main/document/mrz-reader';
import { registerHandlers, type CheckedHandler } from '../../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { decodeImage, rgbImageFromRgba } from '../../../src/main/vision/image-decoder';
import { dg2, facialRecord, testDocument, type TestDocument } from '../../helpers/emrtd';
import { describeWithFacedata, facedata } from '../../helpers/paths';
import { j2kCodestream, jp2File } from '../../helpers/jpeg2000';
import { SimulatedEmrtd } from '../../helpers/simulated-emrtd';
import { playLivenessPage, type FakeClock, type Invoke as DriverInvoke } from '../../helpers/liveness-driver';
import { drawCardBack, drawCardFront, td1Lines, type CardHolder } from '../../e2e/id-card-fixtures';

jest.setTimeout(180_000);

type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;
type Frame = { width: number; height: number; rgba: Uint8Array };

const HOLDER: CardHolder = { issuingState: 'UTO', documentNumber: 'C4HX27815', surname: 'SAMPLE', givenNames: 'ROBIN', sex: 'M', birthDate: '1961-08-04', expirationDate: '2034-05-06', optionalData: '' };
const LINES = td1Lines(HOLDER);

async function rgbaFrame(file: string): Promise<Frame> {
  // Full HD, the largest camera mode: obama_3's face is large enough only at that size.
  const { data, info } = await sharp(file).removeAlpha().resize(1920, 1080, { fit: 'contain', background: '#808080' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** A chip photo as issuers store them: a JPEG of the face of 15 to 20 kB, a few hundred pixels high. */
async function chipJpeg(file: string): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file).removeAlpha().resize({ height: 360 }).jpeg({ quality: 70 }).toBuffer({ resolveWithObject: true });
  return { jpeg: data, width: info.width, height: info.height };
}

/**
 * The photo as a greyscale JPEG 2000 (a JP2 file, 240 px high), as some passports store DG2's
 * face (25 kB lossless: the test's encoder writes only lossless JPEG 2000).
 */
async function chipJp2(file: string): Promise<{ jpeg: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file).greyscale().resize({ height: 240 }).raw().toBuffer({ resolveWithObject: true });
  const codestream = await j2kCodestream(new Uint8Array(data.buffer, data.byteOffset, data.length), info.width, info.height, 1);
  return { jpeg: jp2File(codestream, info.width, info.height, 1), width: info.width, height: info.height };
}

const image = (fileName: string, bytes: Buffer) => ({ fileName, bytes: new Uint8Array(bytes) });

/** The chip's files with DG2 carrying `photo`, signed over (or, `alterDg2`, replaced after signing). */
async function chipFiles(photo: { jpeg: Buffer; width: number; height: number }, opts: { dg1Lines?: string[]; alterDg2?: { jpeg: Buffer; width: number; height: number } } = {}): Promise<{ doc: TestDocument; files: Map<number, Buffer> }> {
  const type = photo.jpeg[0] === 0xff ? 0 : 1;
  const doc = await testDocument({ country: 'UT', mrz: opts.dg1Lines ?? LINES, dg2Record: facialRecord(photo.jpeg, type, photo.width, photo.height) });
  const readDg2 = opts.alterDg2 ? dg2(facialRecord(opts.alterDg2.jpeg, 0, opts.alterDg2.width, opts.alterDg2.height)) : doc.dg2;
  return { doc, files: new Map([[EF.COM, doc.com], [EF.DG1, doc.dg1], [EF.DG2, readDg2], [EF.SOD, doc.sod]]) };
}

describeWithFacedata('chip:read in a customer session, with real faces from ../shared/facedata', () => {
  let analyzer: FaceAnalyzer;
  let mrz: MrzReader;
  let workDir: string;
  let front: ReturnType<typeof image>;
  let forgedFront: ReturnType<typeof image>;
  let back: ReturnType<typeof image>;
  let chipPhoto: Awaited<ReturnType<typeof chipJpeg>>;
  let otherPhoto: Awaited<ReturnType<typeof chipJpeg>>;
  let customer: Frame;

  beforeAll(async () => {
    analyzer = await FaceAnalyzer.create();
    mrz = await MrzReader.create();
    workDir = mkdtempSync(join(tmpdir(), 'ekyc-chip-station-'));
    // The issuer's photo and the printed one are two pictures of one man; the customer is a third.
    front = image('front.jpg', await drawCardFront(readFileSync(facedata('verification', 'obama_2.jpg')), HOLDER));
    forgedFront = image('forged-front.jpg', await drawCardFront(readFileSync(facedata('verification', 'biden_2.jpg')), HOLDER));
    back = image('back.jpg', await drawCardBack(LINES));
    chipPhoto = await chipJpeg(facedata('verification', 'obama_1.jpg'));
    otherPhoto = await chipJpeg(facedata('verification', 'kit_harington_3.jpg'));
    customer = await rgbaFrame(facedata('verification', 'obama_3.jpg'));
  });
  afterAll(async () => {
    await analyzer?.dispose();
    await (mrz as unknown as { dispose?: () => Promise<void> })?.dispose?.();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** A station whose settings name `trusted` (the CSCA certificate) as the trust list, with `opener` for the chip. */
  async function station(opener: CardOpener, trusted: Buffer | null) {
    const dir = mkdtempSync(join(workDir, 'station-'));
    const settings = await SettingsStore.open(dir);
    // One smile, judged by main from the frames the driver plays as the page would.
    const liveness = { ...settings.current().liveness, fixedChallenges: 'smile' };
    if (trusted) writeFileSync(join(dir, 'csca.der'), trusted);
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...settings.current(), liveness, ...(trusted ? { cscaTrustList: join(dir, 'csca.der') } : {}) }));
    const clock: FakeClock = { t: 0 };
    let chosen: string | null = null;
    const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
    const handlers = createStationHandlers({
      faceEngine: async () => analyzer, mrzEngine: async () => mrz, chooseIdFile: async () => chosen, saveRecord: async () => null,
      settings: await SettingsStore.open(dir), chipOpener: opener, monotonicMs: () => clock.t,
    });
    registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
    const invoke = ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
    /** The front analysed, the back read through the file dialog, as the pages do. */
    const scan = async (frontImage: ReturnType<typeof image>) => {
      expect(valueOf(await invoke('id:analyze', frontImage)).portraitProblem).toBeNull();
      chosen = join(dir, 'back.jpg');
      writeFileSync(chosen, back.bytes);
      const opened = valueOf(await invoke('id:open-file', { preview: false }));
      if (opened.canceled) throw new Error('the back was not opened');
      expect(valueOf(await invoke('document:read-mrz', { documentId: opened.document.documentId })).mrz.lines).toEqual(LINES);
    };
    /** The rest of the session: face match, a smile with the samples main checks, finish. */
    const finish = async () => {
      const verification = valueOf(await invoke('face:verify', customer));
      const smile = (t: number) => (t > 1200 && t < 2600 ? { smile: 1, happy: 0.97 } : {});
      await playLivenessPage(invoke as unknown as DriverInvoke, clock, { pose: smile, durationMs: 6000, camera: customer });
      return { verification, record: valueOf(await invoke('session:finish', {})) };
    };
    return { invoke, scan, finish };
  }

  const simulated = (files: Map<number, Buffer>, log: string[] = []): CardOpener => async (reader, waitMs) => {
    log.push(`open ${reader ?? 'first reader'} wait ${waitMs}`);
    return { reader: 'Simulated eMRTD 00', transport: new SimulatedEmrtd({ keys: mrzKeysFromLines(LINES), files }), close: async () => { log.push('closed'); } };
  };

  it('genuine chip: signed and trusted, its photo is the reference for the face match, and the session is verified', async () => {
    const { doc, files } = await chipFiles(chipPhoto);
    const log: string[] = [];
    const { invoke, scan, finish } = await station(simulated(files, log), doc.cscaCert);
    await scan(front);
    const chip = valueOf(await invoke('chip:read', {}));
    expect(log).toEqual(['open first reader wait 10000', 'closed']);
    expect(chip).toMatchObject({ reader: 'Simulated eMRTD 00', accessControl: 'BAC', printedZone: 'match', faceReference: 'chip', referenceProblem: null, passiveAuth: { status: 'valid', summary: 'signed by UT, chain valid' } });
    expect(chip).not.toHaveProperty('mrzLines');
    // Two photos of one man: the printed portrait matches the chip's.
    expect(chip.portraitAgainstChip).toMatchObject({ match: true });

    const { verification, record } = await finish();
    expect(verification.reference).toBe('chip');
    // The similarity is the one to the chip photo, not to the printed portrait.
    const embed = async (jpeg: Buffer) => (await analyzer.findPortrait(await decodeImage(jpeg, 'the chip photo'))).embedding;
    const selfie = (await analyzer.analyzeSelfie(await rgbImageFromRgba(customer.rgba, customer.width, customer.height))).embedding;
    expect(verification.match.similarity).toBeCloseTo(analyzer.compare(await embed(chipPhoto.jpeg), selfie).similarity, 3);
    expect(record.verdict).toBe('verified');
    expect(record.chip).toMatchObject({ faceReference: 'chip', passiveAuth: { status: 'valid' } });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-chip', passed: true, message: 'document chip (BAC): signed by UT, chain valid' }));
  });

  it('genuine chip with a JPEG 2000 photo: progress while it is read, then decoded, it is the reference for the face match, and the session is verified', async () => {
    const jp2Photo = await chipJp2(facedata('verification', 'obama_1.jpg'));
    const { doc, files } = await chipFiles(jp2Photo);
    // chip:progress asked while the read runs, as the page polls it: from the opener (still
    // waiting for a document) and before every APDU. Not awaited there: were it queued behind
    // the read, the read would still finish and the answers would all say "idle".
    const polls: Promise<IpcReply<'chip:progress'>>[] = [];
    let poll = () => {};
    const inner = simulated(files);
    const opener: CardOpener = async (reader, waitMs) => {
      poll();
      const card = await inner(reader, waitMs);
      return { ...card, transport: { transmit: (apdu: Buffer) => { poll(); return card.transport.transmit(apdu); } } };
    };
    const { invoke, scan, finish } = await station(opener, doc.cscaCert);
    poll = () => { polls.push(invoke('chip:progress', {})); };
    await scan(front);
    const chip = valueOf(await invoke('chip:read', {}));
    const seen = (await Promise.all(polls)).map((r) => valueOf(r));
    expect(seen[0]).toEqual({ stage: 'waiting-for-document', file: null, bytesRead: 0, bytesTotal: 0 });
    expect(seen[1].stage).toBe('opening');
    const dg2 = seen.filter((p) => p.file === 'DG2');
    expect(dg2.length).toBeGreaterThan(50);
    expect(dg2.every((p, i) => p.stage === 'reading' && p.bytesTotal === files.get(EF.DG2)!.length && (i === 0 || p.bytesRead >= dg2[i - 1].bytesRead))).toBe(true);
    expect(valueOf(await invoke('chip:progress', {}))).toEqual({ stage: 'idle', file: null, bytesRead: 0, bytesTotal: 0 });
    expect(chip).toMatchObject({ faceReference: 'chip', referenceProblem: null, face: { format: 'jpeg2000', decoded: true, width: jp2Photo.width, height: 240 }, passiveAuth: { status: 'valid' } });
    expect(chip.portraitAgainstChip).toMatchObject({ match: true });
    const { verification, record } = await finish();
    expect(verification.reference).toBe('chip');
    expect(record.verdict).toBe('verified');
  });

  it('printed forgery: another face glued on a genuine card is flagged against the chip photo, and the match is the chip\'s', async () => {
    const { doc, files } = await chipFiles(chipPhoto);
    const { invoke, scan, finish } = await station(simulated(files), doc.cscaCert);
    await scan(forgedFront);
    const chip = valueOf(await invoke('chip:read', {}));
    expect(chip.faceReference).toBe('chip');
    expect(chip.portraitAgainstChip).toMatchObject({ match: false });
    expect(chip.portraitAgainstChip!.similarity).toBeLessThan(chip.portraitAgainstChip!.threshold);
    const { verification, record } = await finish();
    // The customer is the chip's holder: matched against the chip photo, not the glued one.
    expect(verification).toMatchObject({ reference: 'chip', match: { match: true } });
    expect(record.verdict).toBe('rejected');
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-chip', passed: false, message: expect.stringMatching(/^possible tampering: the printed portrait does not match the chip photo \(similarity 0\.\d{3}, below 0\.\d+\)/) }));
  });

  it('altered data group: a DG2 photo swapped after signing is "data altered", is not the reference, and the session is not verified', async () => {
    const { doc, files } = await chipFiles(chipPhoto, { alterDg2: otherPhoto });
    const { invoke, scan, finish } = await station(simulated(files), doc.cscaCert);
    await scan(front);
    const chip = valueOf(await invoke('chip:read', {}));
    expect(chip).toMatchObject({ faceReference: 'printed', passiveAuth: { status: 'altered', summary: 'data altered' }, portraitAgainstChip: null });
    expect(chip.referenceProblem).toMatch(/passive authentication gave "data altered"/);
    const { verification, record } = await finish();
    expect(verification.reference).toBe('printed');
    expect(record.verdict).toBe('rejected');
    const failed = record.reasons.filter((r) => !r.passed);
    expect(failed).toEqual([expect.objectContaining({ code: 'document-chip', message: expect.stringMatching(/^document chip \(BAC\): data altered: DG2 does not hash to the value the issuer signed/) })]);
  });

  it('DG1 differing from the printed zone is a named tampering failure: not verified', async () => {
    const chipLines = td1Lines({ ...HOLDER, surname: 'OTHER' });
    const { doc, files } = await chipFiles(chipPhoto, { dg1Lines: chipLines });
    const { invoke, scan, finish } = await station(simulated(files), doc.cscaCert);
    await scan(front);
    expect(valueOf(await invoke('chip:read', {}))).toMatchObject({ printedZone: 'mismatch', passiveAuth: { status: 'valid' } });
    const { record } = await finish();
    expect(record.verdict).toBe('rejected');
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-chip', passed: false, message: expect.stringMatching(/^possible tampering: the chip's data \(DG1\) differs from the printed machine-readable zone/) }));
  });

  it('a signer no installed CSCA vouches for is flagged, and its photo is not the reference', async () => {
    const { files } = await chipFiles(chipPhoto);
    const stranger = (await testDocument({ country: 'UT' })).cscaCert;
    const { invoke, scan, finish } = await station(simulated(files), stranger);
    await scan(front);
    const chip = valueOf(await invoke('chip:read', {}));
    expect(chip).toMatchObject({ faceReference: 'printed', passiveAuth: { status: 'untrusted' } });
    expect(chip.passiveAuth.summary).toMatch(/^signer not trusted/);
    const { record } = await finish();
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'document-chip', passed: true, flagged: true, message: expect.stringMatching(/^document chip \(BAC\): signer not trusted/) }));
  });

  it('no reader: a typed error naming pcscd, and the session goes on without the chip', async () => {
    // The real PC/SC client against a socket where no pcscd listens.
    const noService: CardOpener = (reader, waitMs) => openPcscCard(reader, join(workDir, 'no-pcscd.comm'), waitMs);
    const { invoke, scan, finish } = await station(noService, null);
    expect(errorOf(await invoke('chip:read', {}))).toMatchObject({ code: 'SESSION_STATE', message: expect.stringMatching(/read the document's MRZ first/) });
    await scan(front);
    expect(errorOf(await invoke('chip:read', {}))).toMatchObject({ code: 'CHIP_READER_NOT_FOUND', message: expect.stringMatching(/the PC\/SC service is not running .*pcscd/) });
    expect(errorOf(await invoke('chip:read', { documentNumber: 'L898902C3' }))).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/unexpected field documentNumber/) });
    const { verification, record } = await finish();
    expect(verification.reference).toBe('printed');
    expect(record.chip).toBeNull();
    expect(record.reasons.some((r) => r.code === 'document-chip')).toBe(false);
    expect(record.verdict).toBe('verified');
  });
});
