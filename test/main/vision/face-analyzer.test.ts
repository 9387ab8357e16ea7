/**
 * The verification pipeline on real models and real photos: face-api's demo photos
 * (node_modules) always, ../shared/facedata when it is present.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FaceAnalyzer } from '../../../src/main/vision/face-analyzer';
import { FaceEmbedder } from '../../../src/main/vision/face-embedder';
import * as overlaySuppression from '../../../src/main/vision/overlay-suppression';
import { decodeImageFile, type RgbImage } from '../../../src/main/vision/image-decoder';
import { EkycError } from '../../../src/shared/errors';
import { MATCH_THRESHOLD } from '../../../src/shared/defaults';
import { PORTRAIT_GLARE_WARNING } from '../../../src/shared/face-types';
import { MATCH_PRESETS } from '../../../src/shared/operator-settings';
import { cropFace, decodeBuffer, drawIdCard } from '../../helpers/images';
import { describeWithFacedata, faceApiDemo, facedata } from '../../helpers/paths';

let analyzer: FaceAnalyzer;
beforeAll(async () => {
  analyzer = await FaceAnalyzer.create();
});
afterAll(async () => {
  await analyzer.dispose();
});

async function expectCode(promise: Promise<unknown>, code: string): Promise<EkycError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(EkycError);
  expect((err as EkycError).code).toBe(code);
  return err as EkycError;
}

/** The source-pixel box of the face nearest `near` (x, y as shares of the image) in a demo photo. */
async function demoFace(name: string, near: { x: number; y: number }): Promise<{ file: string; box: { x: number; y: number; width: number; height: number } }> {
  const file = faceApiDemo(name);
  const img = await decodeImageFile(file);
  const faces = await analyzer.detectFaces(img);
  const centre = (f: (typeof faces)[number]) => ({ x: (f.box.x + f.box.width / 2) / img.width, y: (f.box.y + f.box.height / 2) / img.height });
  const face = faces.sort((a, b) => Math.hypot(centre(a).x - near.x, centre(a).y - near.y) - Math.hypot(centre(b).x - near.x, centre(b).y - near.y))[0];
  const s = 1 / img.scale;
  return { file, box: { x: face.box.x * s, y: face.box.y * s, width: face.box.width * s, height: face.box.height * s } };
}

describe('detectFaces on group photos', () => {
  it.each([
    ['sample1.jpg', 3],
    ['sample2.jpg', 3],
    ['sample3.jpg', 3],
    ['sample4.jpg', 4],
    ['sample5.jpg', 5],
    ['sample6.jpg', 4],
  ])('finds every face in %s (%i), each with 68 landmarks inside its box', async (name, count) => {
    const img = await decodeImageFile(faceApiDemo(name));
    const faces = await analyzer.detectFaces(img);
    expect(faces).toHaveLength(count);
    for (const f of faces) {
      expect(f.score).toBeGreaterThan(0.9);
      expect(f.landmarks).toHaveLength(68);
      const inside = f.landmarks.filter((p) => p.x >= f.box.x - f.box.width * 0.2 && p.x <= f.box.x + f.box.width * 1.2 && p.y >= f.box.y - f.box.height * 0.2 && p.y <= f.box.y + f.box.height * 1.2);
      expect(inside.length).toBeGreaterThan(60);
    }
  });
});

describe('matching faces of the demo photos', () => {
  it('scores the woman who appears in sample1 and sample3 above every pair of different people', async () => {
    const embeddings: { photo: string; embedding: Float32Array }[] = [];
    for (const name of ['sample1.jpg', 'sample3.jpg', 'sample6.jpg']) {
      const img = await decodeImageFile(faceApiDemo(name));
      for (const f of await analyzer.detectFaces(img)) embeddings.push({ photo: name, embedding: await analyzer.embedFace(img, f) });
    }
    const scores = [];
    for (let i = 0; i < embeddings.length; i++) {
      for (let j = i + 1; j < embeddings.length; j++) {
        if (embeddings[i].photo !== embeddings[j].photo) scores.push(analyzer.compare(embeddings[i].embedding, embeddings[j].embedding).similarity);
      }
    }
    scores.sort((a, b) => b - a);
    // One genuine cross-photo pair (0.72), all the rest impostors. The closest impostor is a
    // look-alike from the same shoot (a young fair woman, 0.38): above the standard threshold,
    // which targets FAR 1e-3 among random strangers, and below the strict preset's 0.42, which
    // targets 1e-4. A supervisor's review band between the two is issue 14's next step.
    expect(scores[0]).toBeGreaterThan(MATCH_PRESETS.strict.threshold + 0.2);
    expect(scores[1]).toBeGreaterThan(MATCH_THRESHOLD);
    expect(scores[1]).toBeLessThan(MATCH_PRESETS.strict.threshold);
    expect(scores[2]).toBeLessThan(MATCH_THRESHOLD - 0.05);
  });
});

describe('findPortrait on ID documents made by the test', () => {
  let portrait: Buffer;
  let sameWomanPhoto: RgbImage;
  let otherPerson: RgbImage;
  beforeAll(async () => {
    const face = await demoFace('sample3.jpg', { x: 0.62, y: 0.26 });
    portrait = await cropFace(face.file, face.box, 0.45);
    const other = await demoFace('sample6.jpg', { x: 0.4, y: 0.25 });
    otherPerson = await decodeBuffer(await cropFace(other.file, other.box, 0.6), 'other person');
    const again = await demoFace('sample1.jpg', { x: 0.82, y: 0.25 });
    sameWomanPhoto = await decodeBuffer(await cropFace(again.file, again.box, 0.6), 'same woman');
  });

  it('takes the main portrait, not the smaller ghost portrait, and says where it is', async () => {
    const card = await decodeBuffer(await drawIdCard(portrait, { width: 1200, portraitShare: 0.28, ghost: true }));
    const { portrait: found } = await analyzer.findPortrait(card);
    expect(found.rotation).toBe(0);
    // The main portrait sits at 4% from the left; the ghost at 84%.
    expect(found.box.x).toBeLessThan(1200 * 0.35);
    expect(found.box.width).toBeGreaterThan(1200 * 0.28 * 0.4);
  });

  it('measures a lamp\'s reflection over the portrait as the share of its face blown out, and none on a clean card', async () => {
    const clean = await drawIdCard(portrait, { width: 1200, portraitShare: 0.28 });
    // The portrait spans x 4-32% and y 10-46% of the card's width: a blown-out patch over its upper right.
    const u = 12;
    const reflection = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="757"><radialGradient id="g"><stop offset="0.6" stop-color="#fff"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient><ellipse cx="${24 * u}" cy="${22 * u}" rx="${7 * u}" ry="${6 * u}" fill="url(#g)"/></svg>`);
    const glared = await sharp(clean).composite([{ input: reflection }]).jpeg({ quality: 90 }).toBuffer();
    const [onClean, onGlared] = [(await analyzer.findPortrait(await decodeBuffer(clean))).portrait, (await analyzer.findPortrait(await decodeBuffer(glared))).portrait];
    console.log(`portrait glare: clean card ${onClean.glare}, with the reflection ${onGlared.glare}`);
    expect(onClean.glare).toBe(0);
    expect(onGlared.glare).toBeGreaterThanOrEqual(PORTRAIT_GLARE_WARNING);
  });

  it('finds a portrait only 5% of the card wide', async () => {
    const card = await decodeBuffer(await drawIdCard(portrait, { width: 1600, portraitShare: 0.05, ghost: true }));
    const { portrait: found } = await analyzer.findPortrait(card);
    expect(found.box.x).toBeLessThan(1600 * 0.12);
    expect(found.quality.faceWidthPx).toBeLessThan(1600 * 0.06);
  });

  it.each([90, 180, 270] as const)('finds the portrait on a card turned %i° and says how to turn it upright', async (turn) => {
    const card = await sharp(await drawIdCard(portrait, { width: 1000, portraitShare: 0.28, ghost: true })).rotate(turn).jpeg().toBuffer();
    const { portrait: found } = await analyzer.findPortrait(await decodeBuffer(card));
    expect(found.rotation).toBe((360 - turn) % 360);
    expect(found.box.x).toBeLessThan(1000 * 0.35);
  });

  it('zeroes the embeddings of the orientations it did not pick, so only the portrait\'s template leaves', async () => {
    const made: Float32Array[] = [];
    const embed = FaceEmbedder.prototype.embedWithNorm;
    const spy = jest.spyOn(FaceEmbedder.prototype, 'embedWithNorm').mockImplementation(async function (this: FaceEmbedder, rgb: Uint8Array) {
      const result = await embed.call(this, rgb);
      made.push(result.embedding);
      return result;
    });
    try {
      const card = await sharp(await drawIdCard(portrait, { width: 1000, portraitShare: 0.28, ghost: true })).rotate(90).jpeg().toBuffer();
      const { embedding } = await analyzer.findPortrait(await decodeBuffer(card));
      expect(made.length).toBeGreaterThan(1);
      expect(made.filter((e) => e !== embedding).every((e) => e.every((v) => v === 0))).toBe(true);
      expect(embedding.some((v) => v !== 0)).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });

  it('scores the card portrait closer to another photo of the same woman than to another person, and rejects the other person', async () => {
    // The only second photo of her in the demo set has her head tilted 45°, so this checks the
    // ranking; the match at the operating threshold is checked on ../shared/facedata below.
    const card = await decodeBuffer(await drawIdCard(portrait, { width: 1200, portraitShare: 0.28, ghost: true }));
    const { embedding } = await analyzer.findPortrait(card);
    const same = analyzer.compare(embedding, (await analyzer.analyzeDominantFace(sameWomanPhoto))!.embedding);
    const other = analyzer.compare(embedding, (await analyzer.analyzeDominantFace(otherPerson))!.embedding);
    expect(same.similarity).toBeGreaterThan(other.similarity + 0.2);
    expect(other.match).toBe(false);
  });

  it('answers "no usable portrait" for the back of a card', async () => {
    const back = await decodeBuffer(await drawIdCard(null, { width: 1200, portraitShare: 0 }));
    const err = await expectCode(analyzer.findPortrait(back), 'NO_USABLE_PORTRAIT');
    expect(err.message).toMatch(/no face was found on the document in any orientation/);
  });

  it('answers "no usable portrait" for a portrait too blurred to match, saying it is blurred', async () => {
    const card = await decodeBuffer(await drawIdCard(portrait, { width: 1200, portraitShare: 0.28, blurPortrait: 9 }));
    const err = await expectCode(analyzer.findPortrait(card), 'NO_USABLE_PORTRAIT');
    expect(err.message).toMatch(/blurred/);
  });

  it('works on an already-cropped portrait that is just a face, edge to edge', async () => {
    const face = await demoFace('sample6.jpg', { x: 0.6, y: 0.3 });
    const tight = await decodeBuffer(await cropFace(face.file, face.box, -0.05), 'tight crop');
    const { portrait: found } = await analyzer.findPortrait(tight);
    expect(found.box.width).toBeGreaterThan(tight.width * 0.6);
  });
});

describe('analyzeSelfie', () => {
  it('accepts one frontal, sharp face and reports its quality', async () => {
    const face = await demoFace('sample6.jpg', { x: 0.6, y: 0.3 });
    const selfie = await decodeBuffer(await cropFace(face.file, face.box, 1.0), 'selfie');
    const { face: found, embedding } = await analyzer.analyzeSelfie(selfie);
    expect(embedding).toHaveLength(512);
    expect(found.quality.problems).toEqual([]);
    expect(found.quality.faceWidthPx).toBeGreaterThan(80);
    expect(Math.abs(found.quality.yawDeg)).toBeLessThan(25);
  });

  it('refuses two people in view', async () => {
    const err = await expectCode(analyzer.analyzeSelfie(await decodeImageFile(faceApiDemo('sample2.jpg')), 'sample2.jpg'), 'MULTIPLE_FACES');
    expect(err.message).toMatch(/3 faces found in sample2\.jpg/);
  });

  it('refuses an image with no face', async () => {
    const wall = await decodeBuffer(await sharp({ create: { width: 640, height: 480, channels: 3, background: '#c8c0b0' } }).jpeg().toBuffer());
    await expectCode(analyzer.analyzeSelfie(wall, 'wall.jpg'), 'NO_FACE');
  });

  it('refuses a tiny face and says to move closer', async () => {
    const face = await demoFace('sample6.jpg', { x: 0.6, y: 0.3 });
    const far = await sharp(await cropFace(face.file, face.box, 1.0)).resize(150).png().toBuffer();
    const err = await expectCode(analyzer.analyzeSelfie(await decodeBuffer(far), 'far.png'), 'FACE_TOO_SMALL');
    expect(err.message).toMatch(/move closer/);
  });

  it('refuses a blurred face', async () => {
    const face = await demoFace('sample6.jpg', { x: 0.6, y: 0.3 });
    const blurred = await sharp(await cropFace(face.file, face.box, 1.0)).blur(6).png().toBuffer();
    await expectCode(analyzer.analyzeSelfie(await decodeBuffer(blurred), 'blurred.png'), 'FACE_BLURRED');
  });

  it('refuses a face in the dark', async () => {
    const face = await demoFace('sample6.jpg', { x: 0.6, y: 0.3 });
    const dark = await sharp(await cropFace(face.file, face.box, 1.0)).linear(0.22, 0).png().toBuffer();
    await expectCode(analyzer.analyzeSelfie(await decodeBuffer(dark), 'dark.png'), 'FACE_TOO_DARK');
  });
});

describeWithFacedata('real ID documents and faces (../shared/facedata)', () => {
  it.each(['100_id-che.jpg', '100_id-usa.jpg', '53_id-d.jpg', '0_id-esp.png'])('finds no portrait on the back of a card: %s', async (name) => {
    await expectCode(analyzer.findPortrait(await decodeImageFile(facedata('idcards', name))), 'NO_USABLE_PORTRAIT');
  });

  it('finds no portrait on a visa that has none, rather than a face in its consulate\'s stamp (idcards-dev/arg0s_visas_Germany)', async () => {
    await expectCode(analyzer.findPortrait(await decodeImageFile(facedata('idcards-dev', 'arg0s_visas_Germany.png'))), 'NO_USABLE_PORTRAIT');
  });

  it.each(['arg0s_visas_France.png', 'arg0s_resident_cards_Portugal.png', 'arg0s_resident_cards_Netherland.png'])('still finds the portrait of idcards-dev/%s, upright', async (name) => {
    const { portrait } = await analyzer.findPortrait(await decodeImageFile(facedata('idcards-dev', name)));
    expect(portrait.rotation).toBe(0);
    expect(portrait.score).toBeGreaterThan(0.9);
  });

  it.each(['100_pass-uto.jpg', '100_pass-cze.jpg', '100_id-rou.jpg', '98_pass-nld.jpg', 'passport-td3.jpg'])('finds the portrait on the front of %s', async (name) => {
    const { portrait } = await analyzer.findPortrait(await decodeImageFile(facedata('idcards', name)));
    expect(portrait.rotation).toBe(0);
    expect(portrait.score).toBeGreaterThan(0.9);
  });

  it('finds the upright way round for every photo of the verification set given upside down', async () => {
    // Detector score and landmark geometry alone chose a wrong way round for 13 of these.
    const dir = facedata('verification');
    const wrong: string[] = [];
    for (const name of readdirSync(dir).filter((f) => /\.(jpe?g|png)$/.test(f))) {
      const upsideDown = await sharp(join(dir, name)).rotate(180).jpeg({ quality: 92 }).toBuffer();
      const { portrait } = await analyzer.findPortrait(await decodeBuffer(upsideDown, name)).catch(() => ({ portrait: { rotation: -1 } }));
      if (portrait.rotation !== 180) wrong.push(`${name}: ${portrait.rotation}`);
    }
    expect(wrong).toEqual([]);
    // 80 photos, each searched in up to four orientations: about 60 s alone, but past the
    // default 120 s when the E2E suite shares the 2 cores (a clean-clone run timed out).
  }, 300_000);

  it('picks the main portrait of the Czech passport, not its ghost', async () => {
    const img = await decodeImageFile(facedata('idcards', '100_pass-cze.jpg'));
    const { portrait } = await analyzer.findPortrait(img);
    const all = await analyzer.detectFaces(img, { tiles: true });
    const ghost = all.reduce((a, b) => (a.box.width < b.box.width ? a : b));
    expect(all.length).toBeGreaterThanOrEqual(2);
    expect(portrait.box.x).toBeLessThan(200);
    expect(portrait.box.width).toBeGreaterThan(2 * ghost.box.width);
  });

  it('matches a card made from one photo of a person with another photo of her, and not with someone else', async () => {
    const one = await decodeImageFile(facedata('verification', 'deepface_img1.jpg'));
    const face = await analyzer.analyzeDominantFace(one);
    const s = 1 / one.scale;
    const portrait = await cropFace(facedata('verification', 'deepface_img1.jpg'), { x: face!.face.box.x * s, y: face!.face.box.y * s, width: face!.face.box.width * s, height: face!.face.box.height * s }, 0.4);
    const card = await decodeBuffer(await drawIdCard(portrait, { width: 1200, portraitShare: 0.25, ghost: true }));
    const { embedding } = await analyzer.findPortrait(card);
    const same = await analyzer.analyzeSelfie(await decodeImageFile(facedata('verification', 'deepface_img2.jpg'), { maxSide: 1024 }));
    const other = await analyzer.analyzeSelfie(await decodeImageFile(facedata('verification', 'biden_1.jpg'), { maxSide: 1024 }));
    expect(analyzer.compare(embedding, same.embedding).match).toBe(true);
    expect(analyzer.compare(embedding, other.embedding).match).toBe(false);
  });
});

describeWithFacedata('findPortrait under hologram and guilloche overlays (cards drawn over ../shared/facedata/verification portraits)', () => {
  // CommonJS, shared with bench/portrait-documents.mjs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { drawOverlaidDocument, idPhotoFrom, portraitBox } = require('../../../bench/lib/overlay-documents.cjs') as {
    drawOverlaidDocument: (portrait: Buffer, options?: { hologram?: number; guilloche?: number; width?: number }) => Promise<Buffer>;
    idPhotoFrom: (file: string, faceBox: { x: number; y: number; width: number; height: number }) => Promise<Buffer>;
    portraitBox: (width?: number) => { x: number; y: number; width: number; height: number };
  };

  async function idPhoto(name: string): Promise<Buffer> {
    const file = facedata('verification', name);
    const photo = await decodeImageFile(file);
    const { face } = (await analyzer.analyzeDominantFace(photo))!;
    const s = 1 / photo.scale;
    return idPhotoFrom(file, { x: face.box.x * s, y: face.box.y * s, width: face.box.width * s, height: face.box.height * s });
  }

  function expectOnDrawnPortrait(found: { box: { x: number; y: number; width: number; height: number }; rotation: number }, width: number): void {
    const drawn = portraitBox(width);
    expect(found.rotation).toBe(0);
    const cx = found.box.x + found.box.width / 2;
    const cy = found.box.y + found.box.height / 2;
    expect(cx).toBeGreaterThan(drawn.x);
    expect(cx).toBeLessThan(drawn.x + drawn.width);
    expect(cy).toBeGreaterThan(drawn.y);
    expect(cy).toBeLessThan(drawn.y + drawn.height);
  }

  it('finds a portrait under a strong rainbow hologram in the second pass, where the first found only a wrong-way face', async () => {
    const suppress = jest.spyOn(overlaySuppression, 'suppressOverlays');
    try {
      const card = await decodeBuffer(await drawOverlaidDocument(await idPhoto('angelina_jolie_1.jpg'), { hologram: 0.9 }));
      const { portrait: found, embedding } = await analyzer.findPortrait(card);
      expect(found.pass).toBe('overlay-suppressed');
      expect(suppress).toHaveBeenCalledTimes(1);
      expectOnDrawnPortrait(found, card.width);
      expect(found.quality.problems).toEqual([]);
      expect(embedding.some((v) => v !== 0)).toBe(true);
    } finally {
      suppress.mockRestore();
    }
  });

  it('takes the first pass for the same card without overlays, and never suppresses overlays for it', async () => {
    const suppress = jest.spyOn(overlaySuppression, 'suppressOverlays');
    try {
      const card = await decodeBuffer(await drawOverlaidDocument(await idPhoto('angelina_jolie_1.jpg')));
      const { portrait: found } = await analyzer.findPortrait(card);
      expect(found.pass).toBe('direct');
      expect(suppress).not.toHaveBeenCalled();
      expectOnDrawnPortrait(found, card.width);
    } finally {
      suppress.mockRestore();
    }
  });
});
