/**
 * `ekyc verify`, `detect`, `portrait` and `eval` as an operator or a script sees them:
 * exit 0 yes, 1 no, 2 cannot decide, and always a message naming the file and the reason.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { runEkyc } from '../../helpers/cli';
import { cropFace, drawIdCard } from '../../helpers/images';
import { announceSkip, describeWithFacedata, faceApiDemo, facedata } from '../../helpers/paths';
import { MATCH_THRESHOLD, REVIEW_BAND_DECLINE_BELOW } from '../../../src/shared/defaults';

const dir = mkdtempSync(join(tmpdir(), 'ekyc-cli-'));
const file = (name: string) => join(dir, name);

/** sample6's most frontal face (right of centre), in the photo's pixels. */
/** sample5's woman at the top right of the stairs: another person. */
const SAMPLE5_FACE = { x: 1114, y: 203, width: 151, height: 231 };
const SAMPLE6_FACE = { x: 1180, y: 288, width: 182, height: 293 };

beforeAll(async () => {
  const demo = faceApiDemo('sample6.jpg');
  const portrait = await cropFace(demo, SAMPLE6_FACE, 0.45);
  writeFileSync(file('card.jpg'), await drawIdCard(portrait, { width: 1200, portraitShare: 0.28, ghost: true }));
  writeFileSync(file('selfie.jpg'), await sharp(await cropFace(demo, SAMPLE6_FACE, 1.2)).resize(640).flop().jpeg().toBuffer());
  writeFileSync(file('other.jpg'), await sharp(await cropFace(faceApiDemo('sample5.jpg'), SAMPLE5_FACE, 0.8)).jpeg().toBuffer());
  writeFileSync(file('empty.jpg'), Buffer.alloc(0));
  writeFileSync(file('notes.jpg'), 'Customer notes: bring utility bill.\n');
  const full = await sharp(faceApiDemo('sample6.jpg')).jpeg().toBuffer();
  writeFileSync(file('truncated.jpg'), full.subarray(0, Math.floor(full.length * 0.4)));
  writeFileSync(file('dot.png'), await sharp({ create: { width: 1, height: 1, channels: 3, background: '#888' } }).png().toBuffer());
  writeFileSync(file('wall.jpg'), await sharp({ create: { width: 800, height: 600, channels: 3, background: '#d9d2c5' } }).jpeg().toBuffer());
  writeFileSync(file('back.jpg'), await drawIdCard(null, { width: 1200, portraitShare: 0 }));
  writeFileSync(file('bomb.png'), await hugePngHeader());
});

/** A PNG whose header declares 30000x30000 pixels (900 MP); only the header is real. */
async function hugePngHeader(): Promise<Buffer> {
  const small = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png({ compressionLevel: 0 }).toBuffer();
  const out = Buffer.from(small);
  // IHDR starts at byte 16: width and height, then the chunk CRC must be recomputed.
  out.writeUInt32BE(30000, 16);
  out.writeUInt32BE(30000, 20);
  let c = 0xffffffff;
  for (const b of out.subarray(12, 29)) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  out.writeUInt32BE((c ^ 0xffffffff) >>> 0, 29);
  return out;
}

describe('ekyc verify', () => {
  it('exits 0 for the same person and prints the documented JSON', async () => {
    const run = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('selfie.jpg'), '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['match', 'decision', 'similarity', 'distance', 'threshold', 'declineBelow', 'id', 'selfie', 'timingsMs']);
    expect(out).toMatchObject({ match: true, decision: 'match', threshold: MATCH_THRESHOLD, declineBelow: REVIEW_BAND_DECLINE_BELOW });
    expect(out.similarity).toBeGreaterThan(out.threshold);
    expect(out.distance).toBeCloseTo(Math.sqrt(2 - 2 * out.similarity), 3);
    for (const side of [out.id, out.selfie]) {
      expect(side.box).toEqual({ x: expect.any(Number), y: expect.any(Number), width: expect.any(Number), height: expect.any(Number) });
      expect(side.landmarks).toHaveLength(68);
      expect(side.quality.problems).toEqual([]);
    }
    expect(out.id.rotation).toBe(0);
    expect(out.timingsMs).toMatchObject({ loadModels: expect.any(Number), idDecode: expect.any(Number), idPortrait: expect.any(Number), selfieDecode: expect.any(Number), selfie: expect.any(Number), compare: expect.any(Number), total: expect.any(Number) });
  });

  it('exits 1 for a different person, with a readable verdict', async () => {
    const run = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('other.jpg'));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^DIFFERENT PERSON: similarity -?0\\.\\d+ \\(threshold ${MATCH_THRESHOLD}, decline below ${REVIEW_BAND_DECLINE_BELOW}\\)`));
  });

  it('honours --threshold, and refuses one outside -1..1', async () => {
    expect((await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('other.jpg'), '--threshold', '-1')).code).toBe(0);
    const bad = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('other.jpg'), '--threshold', '7');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--threshold must be a number from -1 to 1, got "7"/);
  });

  it('exits 3 for a similarity in the review band, and --decline-below moves the band\'s lower end', async () => {
    // The same person scores well under 0.99 and well over 0.25: referred at --threshold 0.99.
    const refer = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('selfie.jpg'), '--threshold', '0.99');
    expect(refer.stderr).toBe('');
    expect(refer.code).toBe(3);
    expect(refer.stdout).toMatch(/^REFER TO SUPERVISOR: similarity 0\.\d{3} \(accept at 0\.99, decline below 0\.25\), L2 distance /);
    const json = JSON.parse((await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('selfie.jpg'), '--threshold', '0.99', '--json')).stdout);
    expect(json).toMatchObject({ match: false, decision: 'refer', threshold: 0.99, declineBelow: REVIEW_BAND_DECLINE_BELOW });
    expect(json.similarity).toBeGreaterThanOrEqual(REVIEW_BAND_DECLINE_BELOW);
    // Decline at the accept threshold: no band, a plain no.
    const noBand = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('selfie.jpg'), '--threshold', '0.99', '--decline-below', '0.99');
    expect(noBand.code).toBe(1);
    expect(noBand.stdout).toMatch(/^DIFFERENT PERSON: .*\(threshold 0\.99, decline below 0\.99\)/);
    const inverted = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('selfie.jpg'), '--decline-below', '0.5');
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toMatch(/--decline-below 0\.5 is above the accept threshold 0\.36/);
  });

  it.each([
    ['empty.jpg', /empty\.jpg is empty \(0 bytes\)/, 'FILE_EMPTY'],
    ['notes.jpg', /notes\.jpg is not an image this app can read \(it looks like text\)/, 'IMAGE_UNDECODABLE'],
    ['truncated.jpg', /truncated\.jpg is truncated or damaged/, 'IMAGE_TRUNCATED'],
    ['dot.png', /dot\.png is only 1x1 pixels/, 'IMAGE_TOO_SMALL'],
    ['bomb.png', /bomb\.png declares 30000x30000 pixels \(900 megapixels\), more than the 100 megapixel limit/, 'IMAGE_TOO_LARGE'],
    ['wall.jpg', /no face found in .*wall\.jpg/, 'NO_FACE'],
    ['missing.jpg', /missing\.jpg does not exist/, 'FILE_NOT_FOUND'],
  ])('exits 2 when the selfie is %s, saying why', async (name, message, code) => {
    const run = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file(name));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain(`[${code}]`);
  });

  it('exits 2 when two people are on the selfie', async () => {
    const run = await runEkyc('verify', '--id', file('card.jpg'), '--selfie', faceApiDemo('sample2.jpg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/3 faces found in .*sample2\.jpg; only the customer may be in view \[MULTIPLE_FACES\]/);
  });

  it('exits 2 when the ID image has no usable portrait, naming the ID file', async () => {
    const run = await runEkyc('verify', '--id', file('back.jpg'), '--selfie', file('selfie.jpg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/back\.jpg: no usable portrait/);
  });

  it('exits 2 with usage help for missing options and unknown ones', async () => {
    expect((await runEkyc('verify', '--id', file('card.jpg'))).stderr).toMatch(/--selfie is required/);
    expect((await runEkyc('verify', '--id', file('card.jpg'), '--selfie', file('selfie.jpg'), '--treshold', '0.3')).stderr).toMatch(/unknown option --treshold/);
    const unknown = await runEkyc('verfy');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "verfy"/);
  });
});

describe('ekyc detect', () => {
  it('lists every face of a group photo with box, score, landmarks and quality', async () => {
    const run = await runEkyc('detect', faceApiDemo('sample5.jpg'), '--json');
    expect(run.code).toBe(0);
    const { faces } = JSON.parse(run.stdout);
    expect(faces).toHaveLength(5);
    for (const f of faces) {
      expect(Object.keys(f)).toEqual(['box', 'score', 'landmarks', 'quality']);
      // Coordinates are in the photo's own pixels (1920 wide), not the decoder's.
      expect(f.box.x + f.box.width).toBeLessThanOrEqual(1920);
    }
    expect(Math.max(...faces.map((f: { box: { x: number } }) => f.box.x))).toBeGreaterThan(1000);
  });

  it('reports an empty list, exit 0, for a photo without faces', async () => {
    const run = await runEkyc('detect', file('wall.jpg'), '--json');
    expect([run.code, JSON.parse(run.stdout)]).toEqual([0, { faces: [] }]);
  });

  it('exits 2 for an unreadable image', async () => {
    const run = await runEkyc('detect', file('notes.jpg'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/notes\.jpg is not an image/);
  });
});

describe('ekyc portrait', () => {
  it('gives the main portrait of a card turned upside down, with the rotation that makes it upright', async () => {
    const upsideDown = file('card-180.jpg');
    writeFileSync(upsideDown, await sharp(file('card.jpg')).rotate(180).toBuffer());
    const run = await runEkyc('portrait', upsideDown, '--json');
    expect(run.code).toBe(0);
    const { portrait } = JSON.parse(run.stdout);
    expect(Object.keys(portrait)).toEqual(['box', 'score', 'landmarks', 'quality', 'rotation', 'pass']);
    expect(portrait.rotation).toBe(180);
  });

  it('exits 2 with "no usable portrait" for the back of a card', async () => {
    const run = await runEkyc('portrait', file('back.jpg'), '--json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/back\.jpg: no usable portrait: no face was found on the document in any orientation/);
  });
});

describe('ekyc eval', () => {
  it('reports the documented keys on a small set built from the demo photos', async () => {
    const faces = [
      ['a1.png', 'sample6.jpg', SAMPLE6_FACE, 0.5],
      ['a2.png', 'sample6.jpg', SAMPLE6_FACE, 1.0],
      ['b1.png', 'sample5.jpg', SAMPLE5_FACE, 0.5],
    ] as const;
    for (const [name, photo, box, margin] of faces) writeFileSync(file(name), await cropFace(faceApiDemo(photo), box, margin));
    writeFileSync(file('pairs.csv'), 'img1,img2,same\na1.png,a2.png,1\na1.png,b1.png,0\na2.png,b1.png,0\na1.png,wall.jpg,0\na2.png,gone.png,1\n');
    const run = await runEkyc('eval', '--pairs', file('pairs.csv'), '--root', dir, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(['pairs', 'genuine', 'impostor', 'noFace', 'missing', 'unreadable', 'bestAccuracy', 'bestThreshold', 'eer', 'tarAtFar', 'atFar', 'threshold', 'accuracyAtThreshold', 'atThreshold']);
    // A file that is not there is missing, not "without a face".
    expect(out).toMatchObject({ pairs: 3, genuine: 1, impostor: 2, noFace: ['wall.jpg'], missing: ['gone.png'], unreadable: [], bestAccuracy: 1, tarAtFar: { '0.01': null, '0.001': null, '0.0001': null } });
    // 1 of 1 genuine and 0 of 2 impostor pairs accepted: the bounds say how little that proves.
    expect(out.atThreshold).toMatchObject({ genuineAccepted: 1, genuine: 1, impostorAccepted: 0, impostor: 2, tar: 1, far: 0 });
    expect(out.atThreshold.farUpper95).toBeCloseTo(1 - Math.sqrt(0.05), 4);
  });

  it('exits 2 on a pairs file without the header', async () => {
    writeFileSync(file('bad.csv'), 'a.jpg,b.jpg,1\n');
    const run = await runEkyc('eval', '--pairs', file('bad.csv'), '--root', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.csv: the first line must be the header "img1,img2,same"/);
  });
});

describeWithFacedata('ekyc eval on ../shared/facedata/verification', () => {
  it('separates genuine from impostor pairs: best accuracy >= 0.99, TAR >= 0.95 at FAR 1%, no image without a face', async () => {
    const run = await runEkyc('eval', '--pairs', facedata('verification', 'pairs.csv'), '--root', facedata('verification'), '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.noFace).toEqual([]);
    expect(out.bestAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(out.tarAtFar['0.01']).toBeGreaterThanOrEqual(0.95);
    // 845 impostor pairs are too few to measure a FAR of 1 in 1000.
    expect(out.tarAtFar['0.001']).toBeNull();
    expect(out.accuracyAtThreshold).toBeGreaterThanOrEqual(0.99);
  });

  it('meets the default operating point on ../shared/facedata/lfw-dev: TAR >= 97% with FAR <= 1e-3 (and its 95% bound too)', async () => {
    if (!existsSync(facedata('lfw-dev', 'pairs.csv'))) return announceSkip('the lfw-dev operating-point check', '../shared/facedata/lfw-dev is not present');
    // 1,137 photos embedded twice (mirror averaging): 1 min 46 s alone on the 2-core build machine (docs/benchmarks.md, bench:ort).
    const run = await runEkyc('eval', '--pairs', facedata('lfw-dev', 'pairs.csv'), '--root', facedata('lfw-dev'), '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ genuine: 924, impostor: 20000, noFace: [], threshold: MATCH_THRESHOLD });
    expect(out.atThreshold.tar).toBeGreaterThanOrEqual(0.97);
    expect(out.atThreshold.far).toBeLessThanOrEqual(1e-3);
    expect(out.atThreshold.farUpper95).toBeLessThanOrEqual(1e-3);
    // The threshold eval finds for FAR 1e-3 is at or below the shipped one: shipping stricter, never looser.
    expect(out.atFar['0.001'].threshold).toBeLessThanOrEqual(MATCH_THRESHOLD);
  }, 600_000);

  it('tells Lin-Manuel Miranda\'s still photo from a photo of Barack Obama (exit 1)', async () => {
    const run = await runEkyc('verify', '--id', facedata('verification', 'lin_manuel_miranda_1.png'), '--selfie', facedata('verification', 'obama_1.jpg'), '--json');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).match).toBe(false);
  });
});

describe('ekyc detect and portrait arguments', () => {
  it('exit 2 naming the one file each takes', async () => {
    expect((await runEkyc('detect')).stderr).toMatch(/give exactly one IMAGE: ekyc detect IMAGE \[--json\]/);
    expect((await runEkyc('portrait', 'a.jpg', 'b.jpg')).stderr).toMatch(/give exactly one ID_IMAGE: ekyc portrait ID_IMAGE \[--json\]/);
  });
});
