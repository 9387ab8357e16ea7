/**
 * The face check refuses presentation attacks with their reason: a photo or screen the PAD
 * model sees through, and the ID portrait itself held to the camera (all but identical to
 * it). The refusal counts as a failed match and makes the session "not verified" (main judges the
 * liveness, so the page has nothing to claim), and the record says why.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { IpcChannel, IpcReply } from '../../../src/shared/ipc-contract';
import { translator } from '../../../src/shared/messages/translator';
import { createStationHandlers } from '../../../src/main/ipc/station-handlers';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { describeWithFacedata, facedataDir } from '../../helpers/paths';

type Handlers = ReturnType<typeof createStationHandlers>;

async function rgbaFrame(file: string) {
  const { data, info } = await sharp(file).removeAlpha().resize(640, 480, { fit: 'contain', background: '#808080' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, rgba: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

async function reply<C extends IpcChannel>(work: Promise<unknown>): Promise<IpcReply<C>> {
  try {
    return { ok: true, value: await work } as IpcReply<C>;
  } catch (err) {
    return { ok: false, error: { code: (err as { code: string }).code, message: (err as Error).message, details: (err as { details?: Record<string, unknown> }).details } } as IpcReply<C>;
  }
}

describeWithFacedata('the face check against presentation attacks', () => {
  let analyzer: FaceAnalyzer;
  beforeAll(async () => {
    analyzer = await FaceAnalyzer.create();
  });
  afterAll(() => analyzer.dispose());

  const idFile = join(facedataDir, 'verification', 'lin_manuel_miranda_1.png');
  const start = async (): Promise<Handlers> => {
    const handlers = createStationHandlers({ faceEngine: async () => analyzer, chooseIdFile: async () => null, saveRecord: async () => null });
    await handlers['id:analyze']({ fileName: 'id.png', bytes: new Uint8Array(readFileSync(idFile)) });
    return handlers;
  };

  it('refuses the ID portrait held to the camera, says why, and the session is not verified', async () => {
    const handlers = await start();
    const refused = await reply(handlers['face:verify'](await rgbaFrame(idFile)));
    if (refused.ok) throw new Error('the ID portrait itself was accepted at the face check');
    expect(refused.error.code).toBe('PRESENTATION_ATTACK');
    expect(refused.error.message).toMatch(/presentation attack refused: the camera picture is all but identical to the ID portrait \(similarity 0\.9\d\d, at least 0\.95\)/);
    expect(refused.error.details).toMatchObject({ attemptsLeft: 2 });
    const record = await handlers['session:finish']({});
    expect(record.verdict).toBe('rejected');
    expect(record.presentationAttack).toMatchObject({ reason: expect.stringMatching(/all but identical/), similarity: expect.any(Number) });
    expect(record.reasons).toContainEqual(expect.objectContaining({ code: 'face-match', passed: false, message: expect.stringMatching(/^presentation attack refused at the face check: the camera picture is all but identical/) }));
    // The result page words the same reason in the operator's language, figures included.
    expect(record.presentationAttack?.findings?.[0]).toMatchObject({ key: 'pad.finding.samePicture' });
    const shown = record.reasons.find((r) => r.text?.key === 'reason.attack');
    expect(translator('vi').ref(shown!.text!)).toMatch(/^đã từ chối hành vi giả mạo tại bước kiểm tra khuôn mặt: ảnh camera gần như giống hệt ảnh chân dung trên giấy tờ \(độ tương đồng 0,9\d\d, từ 0,95\)/);
  });

  it('refuses a frame of a phone replay (spoof-dev), whoever it shows: the PAD model sees the screen', async () => {
    const handlers = await start();
    const refused = await reply(handlers['face:verify'](await rgbaFrame(join(facedataDir, 'spoof-dev', 'frames', 'lestari_fake_03.jpg'))));
    if (refused.ok) throw new Error('the phone replay frame was accepted at the face check');
    expect(refused.error.code).toBe('PRESENTATION_ATTACK');
    expect(refused.error.message).toMatch(/the face looks like a photo or a screen \(presentation-attack model: P\(live\) 0\.\d\d, needs 0\.70\)/);
    const record = await handlers['session:finish']({});
    expect(record.verdict).toBe('rejected');
    expect(record.presentationAttack?.score).toBeLessThan(0.7);
  });

  it('counts attacks as failed matches, so repeated attacks use up the attempts', async () => {
    const handlers = await start();
    const frame = await rgbaFrame(idFile);
    for (let i = 0; i < 3; i++) expect((await reply(handlers['face:verify'](frame))).ok).toBe(false);
    const exhausted = await reply(handlers['face:verify'](frame));
    expect(exhausted.ok ? null : exhausted.error.code).toMatch(/ATTEMPTS_EXHAUSTED|MATCH_LOCKED_OUT/);
  });
});
