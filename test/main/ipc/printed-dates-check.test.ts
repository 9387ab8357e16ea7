/** The background printed-dates check: it never rejects, and the session waits for it only so long. */
import { settledPrintedDates, startPrintedDatesCheck } from '../../../src/main/ipc/printed-dates-check';
import type { DocumentEngine } from '../../../src/main/ipc/station-engines';
import type { PrintedDatesCheck } from '../../../src/shared/document-types';
import { EkycError } from '../../../src/shared/errors';

const CONFIRMED: PrintedDatesCheck = { birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 };
const zone = { birthDate: '1974-08-12', expirationDate: '2034-04-15' };
const engineWith = (checkPrintedDates: DocumentEngine['checkPrintedDates']): Promise<DocumentEngine> => Promise.resolve({ checkPrintedDates } as DocumentEngine);

describe('startPrintedDatesCheck', () => {
  it('asks the engine about every image of the document, with the zone\'s dates', async () => {
    const asked: unknown[] = [];
    const check = await startPrintedDatesCheck(engineWith(async (ids, dates) => { asked.push([ids, dates]); return CONFIRMED; }), ['front', 'back'], zone);
    expect(check).toEqual(CONFIRMED);
    expect(asked).toEqual([[['front', 'back'], zone]]);
  });

  it('turns a failure into a check with the problem, never a rejection', async () => {
    const check = await startPrintedDatesCheck(engineWith(async () => { throw new EkycError('NO_MRZ', 'this station has no OCR installed to read the printed dates with'); }), ['front'], zone);
    expect(check).toEqual({ birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0, problem: 'the printed text could not be read: this station has no OCR installed to read the printed dates with' });
    await expect(startPrintedDatesCheck(Promise.reject(new Error('the engine process stopped')), ['front'], zone)).resolves.toMatchObject({ problem: 'the printed text could not be read: the engine process stopped' });
  });
});

describe('settledPrintedDates', () => {
  it('gives the check\'s result when it comes in time', async () => {
    await expect(settledPrintedDates(Promise.resolve(CONFIRMED), 1000)).resolves.toEqual(CONFIRMED);
  });

  it('gives up after the wait with a check saying so, rather than holding the session\'s end', async () => {
    const never = new Promise<PrintedDatesCheck>(() => undefined);
    await expect(settledPrintedDates(never, 50)).resolves.toEqual({ birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0, problem: 'the printed text was not read within 50 ms' });
  });
});
