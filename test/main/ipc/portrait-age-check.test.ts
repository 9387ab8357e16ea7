/** The background portrait-age check: the engine's estimate judged on main's clock; it never rejects, and the session waits for it only so long. */
import { settledPortraitAge, startPortraitAgeCheck } from '../../../src/main/ipc/portrait-age-check';
import type { DocumentEngine } from '../../../src/main/ipc/station-engines';
import type { PortraitAgeCheck } from '../../../src/shared/document-types';
import { EkycError } from '../../../src/shared/errors';

const zone = { birthDate: '1974-08-12', expirationDate: '2034-04-15' };
const today = new Date('2026-12-07T00:00:00Z');
const engineWith = (estimatePortraitAge: DocumentEngine['estimatePortraitAge']): Promise<DocumentEngine> => Promise.resolve({ estimatePortraitAge } as DocumentEngine);

describe('startPortraitAgeCheck', () => {
  it('asks the engine about the front\'s portrait and judges its age against the zone on the given day', async () => {
    const asked: string[] = [];
    const engine = engineWith(async (id) => (asked.push(id), 19));
    expect(await startPortraitAgeCheck(engine, 'front', zone, today)).toEqual({ status: 'differs', looks: 'younger', years: 26 });
    expect(await startPortraitAgeCheck(engine, 'front', zone, new Date('1970-01-01T00:00:00Z'))).toEqual({ status: 'not-judged', problem: 'the zone\'s birth date is not a calendar date before today and the expiry' });
    expect(asked).toEqual(['front', 'front']);
  });

  it('turns a failure into a check not judged, with the problem, never a rejection', async () => {
    const check = await startPortraitAgeCheck(engineWith(async () => { throw new EkycError('MODEL_MISSING', 'model file age_gender_model.bin is missing'); }), 'front', zone, today);
    expect(check).toEqual({ status: 'not-judged', problem: 'the portrait\'s apparent age could not be read: model file age_gender_model.bin is missing' });
    await expect(startPortraitAgeCheck(Promise.reject(new Error('the engine process stopped')), 'front', zone, today)).resolves.toMatchObject({ status: 'not-judged', problem: expect.stringMatching(/the engine process stopped$/) });
  });
});

describe('settledPortraitAge', () => {
  it('gives the check when it comes in time, and gives up after the wait rather than hold the session\'s end', async () => {
    await expect(settledPortraitAge(Promise.resolve({ status: 'consistent' }), 1000)).resolves.toEqual({ status: 'consistent' });
    const never = new Promise<PortraitAgeCheck>(() => undefined);
    await expect(settledPortraitAge(never, 50)).resolves.toEqual({ status: 'not-judged', problem: 'the portrait\'s apparent age was not read within 50 ms' });
  });
});
