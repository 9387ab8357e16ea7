/**
 * Inputs for the watched runs, made by the test process (which strace does not watch) from
 * face-api's demo photo, so the suite needs no ../shared/facedata: one frontal face and one
 * other person cut out of sample2.jpg, an ID card drawn around the first (front with the
 * portrait, back with a TD1 zone), a pairs file, a short Y4M clip (ffmpeg) and a camera frame.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { drawCardBack, drawCardFront, td1Lines, type CardHolder } from '../e2e/id-card-fixtures';
import { faceApiDemo } from '../helpers/paths';

/** A card valid until 2034, so the drawn zone reads as a valid, unexpired document. */
const HOLDER: CardHolder = {
  issuingState: 'UTO',
  documentNumber: 'X4RTBPFW4',
  surname: 'OFFLINE',
  givenNames: 'ROBIN',
  sex: 'F',
  birthDate: '1988-03-21',
  expirationDate: '2034-11-30',
  optionalData: '',
};

export interface OfflineFixtures {
  dir: string;
  facePhoto: string;
  otherPerson: string;
  idCardFront: string;
  idCardBack: string;
  pairsCsv: string;
  clipY4m: string;
  /** The face photo as one 640x480 RGBA camera frame, raw bytes. */
  selfie: { rgba: string; width: number; height: number };
}

export async function makeOfflineFixtures(dir: string): Promise<OfflineFixtures> {
  const demo = faceApiDemo('sample2.jpg');
  // Boxes from `ekyc detect` on sample2.jpg: the frontal face at 898,234 (163x229) and a
  // second person at 1434,153, each cut with a margin around the head.
  const facePhoto = join(dir, 'face.jpg');
  await sharp(demo).extract({ left: 818, top: 134, width: 323, height: 420 }).jpeg({ quality: 92 }).toFile(facePhoto);
  const otherPerson = join(dir, 'other.jpg');
  await sharp(demo).extract({ left: 1360, top: 60, width: 360, height: 420 }).jpeg({ quality: 92 }).toFile(otherPerson);

  const idCardFront = join(dir, 'card-front.jpg');
  writeFileSync(idCardFront, await drawCardFront(await sharp(facePhoto).toBuffer(), HOLDER));
  const idCardBack = join(dir, 'card-back.jpg');
  writeFileSync(idCardBack, await drawCardBack(td1Lines(HOLDER)));

  const pairsCsv = join(dir, 'pairs.csv');
  writeFileSync(pairsCsv, 'img1,img2,same\nface.jpg,card-front.jpg,1\nface.jpg,other.jpg,0\n');

  const clipY4m = join(dir, 'clip.y4m');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-loop', '1', '-i', facePhoto, '-vf', 'scale=320:240:force_original_aspect_ratio=increase,crop=320:240', '-r', '10', '-frames:v', '10', '-pix_fmt', 'yuv420p', clipY4m]);

  const width = 640;
  const height = 480;
  const rgba = join(dir, 'selfie.rgba');
  const { data } = await sharp(facePhoto).resize(width, height, { fit: 'contain', background: '#808080' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  writeFileSync(rgba, data);
  return { dir, facePhoto, otherPerson, idCardFront, idCardBack, pairsCsv, clipY4m, selfie: { rgba, width, height } };
}
