/** The background printed-page check (dates and sex): it never rejects, and the session waits for it only so long. */
import { settledPrintedPage, startPrintedPageCheck } from '../../../src/main/ipc/printed-page-check';
import type { DocumentEngine } from '../../../src/main/ipc/station-engines';
import type { PrintedPageCheck } from '../../../src/shared/engine-contract';
import { EkycError } from '../../../src/shared/errors';

const CONFIRMED: PrintedPageCheck = { dates: { birthDate: { status: 'matches' }, expirationDate: { status: 'matches' }, datesRead: 3 }, sex: { status: 'matches' } };
const zone = { birthDate: '1974-08-12', expirationDate: '2034-04-15', sex: 'F' as const };
const engineWith = (checkPrintedPage: DocumentEngine['checkPrintedPage']): Promise<DocumentEngine> => Promise.resolve({ checkPrintedPage } as DocumentEngine);

describe('startPrintedPageCheck', () => {
  it('asks the engine about every image of the document, with the zone\'s dates and sex', async () => {
    const asked: unknown[] = [];
    const check = await startPrintedPageCheck(engineWith(async (ids, dates) => { asked.push([ids, dates]); return CONFIRMED; }), ['front', 'back'], zone);
    expect(check).toEqual(CONFIRMED);
    expect(asked).toEqual([[['front', 'back'], zone]]);
  });

  it('turns a failure into a check with the problem, never a rejection', async () => {
    const check = await startPrintedPageCheck(engineWith(async () => { throw new EkycError('NO_MRZ', 'this station has no OCR installed to read the printed dates with'); }), ['front'], zone);
    expect(check).toEqual({ dates: { birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0, problem: 'the printed text could not be read: this station has no OCR installed to read the printed dates with' }, sex: { status: 'not-read' } });
    await expect(startPrintedPageCheck(Promise.reject(new Error('the engine process stopped')), ['front'], zone)).resolves.toMatchObject({ dates: { problem: 'the printed text could not be read: the engine process stopped' }, sex: { status: 'not-read' } });
  });
});

describe('settledPrintedPage', () => {
  it('gives the check\'s result when it comes in time', async () => {
    await expect(settledPrintedPage(Promise.resolve(CONFIRMED), 1000)).resolves.toEqual(CONFIRMED);
  });

  it('gives up after the wait with a check saying so, rather than holding the session\'s end', async () => {
    const never = new Promise<PrintedPageCheck>(() => undefined);
    await expect(settledPrintedPage(never, 50)).resolves.toEqual({ dates: { birthDate: { status: 'not-read' }, expirationDate: { status: 'not-read' }, datesRead: 0, problem: 'the printed text was not read within 50 ms' }, sex: { status: 'not-read' } });
  });
});
