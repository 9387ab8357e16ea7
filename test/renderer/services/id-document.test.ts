/**
 * What the ID page says about the machine-readable zone of the front and the back, and
 * when it offers to add the back of a card.
 */
import type { MrzReading } from '../../../src/shared/document-types';
import { StationError } from '../../../src/renderer/services/station-api';
import {
  backSideWanted, bestZone, documentBlocker, documentKind, expiryOverridable, firstImageSide, portraitProblemText, zoneFindingFromError, zoneNotices, type ZoneFinding,
} from '../../../src/renderer/services/id-document';
import { translator } from '../../../src/shared/messages/translator';

const en = translator('en');
const vi = translator('vi');
const fr = translator('fr');

function reading(patch: { valid?: boolean; expired?: boolean; expirationDate?: string | null; checks?: Partial<MrzReading['mrz']['checks']> } = {}): MrzReading {
  const checks = { documentNumber: true, birthDate: true, expirationDate: true, composite: true, ...patch.checks };
  return {
    mrz: {
      format: 'TD1',
      lines: ['I<UTOL898902C36UT7408124471<<<', '7408122M1904150UTO<<<<<<<<<<<3', 'SPECIMEN<<ALEX<JORDAN<<<<<<<<<'],
      fields: {
        documentCode: 'I', issuingState: 'UTO', documentNumber: 'L898902C3', birthDate: '1974-08-12', sex: 'M',
        expirationDate: patch.expirationDate === undefined ? '2031-04-15' : patch.expirationDate, nationality: 'UTO', surname: 'SPECIMEN', givenNames: 'ALEX JORDAN', optional: 'UT7408124471',
      },
      checks,
      valid: patch.valid ?? Object.values(checks).every(Boolean),
      expired: patch.expired ?? false,
    },
    findings: [],
    rotation: 0,
    repairedCharacters: 0,
    timingsMs: { decode: 10, locate: 5, ocr: 200, parse: 3, total: 218 },
    work: { ocrPasses: 1, lineOcrPasses: 1, parses: 4 },
  };
}

const read = (side: 'front' | 'back', r = reading()): ZoneFinding => ({ kind: 'read', side, reading: r });
const none = (side: 'front' | 'back'): ZoneFinding => ({ kind: 'none', side, detail: 'no band of machine-readable text was found' });

describe('zoneNotices', () => {
  it('says nothing before a side has been read', () => {
    expect(zoneNotices([], en)).toEqual([]);
  });

  it('on a front without a zone, asks for the back and explains that the document is accepted but flagged', () => {
    const [notice] = zoneNotices([none('front')], en);
    expect(notice.tone).toBe('warn');
    expect(notice.text).toMatch(/No machine-readable zone on the front/);
    expect(notice.text).toMatch(/add the back/);
    expect(notice.text).toMatch(/flagged/);
  });

  it('when the back has none either, says so and suggests a retake', () => {
    const [notice] = zoneNotices([none('front'), none('back')], en);
    expect(notice.text).toMatch(/back either/);
    expect(notice.text).toMatch(/retake/);
  });

  it('confirms a zone that validates and says which side it was read from', () => {
    expect(zoneNotices([none('front'), read('back')], en)).toEqual([{ tone: 'ok', text: 'Machine-readable zone read from the back: every check digit is valid' }]);
  });

  it('names the check digits that fail and asks for a retake of that side', () => {
    const [notice] = zoneNotices([read('back', reading({ checks: { birthDate: false, composite: false } }))], en);
    expect(notice).toEqual({ tone: 'bad', text: expect.stringMatching(/does not validate \(birth date and composite check digits\): retake the back flat, sharp and without glare/) });
  });

  it('says an expired document cannot be accepted, with its expiry date', () => {
    const notices = zoneNotices([read('back', reading({ expired: true, expirationDate: '2019-04-15' }))], en);
    expect(notices[1]).toEqual({ tone: 'bad', text: 'This document expired on 15 Apr 2019: it cannot be accepted' });
  });

  it('asks for a retake when the expiry date cannot be read', () => {
    expect(zoneNotices([read('front', reading({ expirationDate: null }))], en).map((n) => n.text)).toContain('The expiry date cannot be read: retake the picture');
  });

  it('asks for the printed validity, not a retake, when the zone has no expiry date (French national ID)', () => {
    const r = reading({ expirationDate: null });
    delete r.mrz.checks.expirationDate;
    const texts = zoneNotices([read('front', r)], en).map((n) => n.text);
    expect(texts).toContain('This card\'s machine-readable zone carries no expiry date: check the validity printed on the card');
    expect(texts).not.toContain('The expiry date cannot be read: retake the picture');
  });

  it('shows each cross-check finding of the zone as something to look at', () => {
    const r = reading();
    r.findings = [{ code: 'nationality-code-invalid', field: 'nationality', message: 'the nationality QQQ is not an ICAO 9303 code' }];
    expect(zoneNotices([read('front', r)], en)).toContainEqual({ tone: 'warn', text: 'To look at: The nationality QQQ is not an ICAO 9303 code' });
  });

  it('words a finding in the operator\'s language when main sent it as a message of the catalogue', () => {
    const r = reading();
    r.findings = [{ code: 'nationality-code-invalid', field: 'nationality', message: 'the nationality QQQ is not an ICAO 9303 code', text: { key: 'mrzFinding.nationality-code-invalid', params: { code: 'QQQ' } } }];
    expect(zoneNotices([read('front', r)], vi)).toContainEqual({ tone: 'warn', text: 'Cần xem lại: Quốc tịch QQQ không phải là mã theo ICAO 9303' });
  });

  it('says first what to change in the picture when the reader measured why no zone was read', () => {
    const finding = zoneFindingFromError(new StationError('NO_MRZ', 'back.jpg: no machine-readable zone could be read', { file: 'back.jpg', capture: 'blurred' }), 'back');
    expect(finding).toEqual({ kind: 'none', side: 'back', detail: 'back.jpg: no machine-readable zone could be read', capture: 'blurred' });
    expect(zoneNotices([finding], en)[0]).toEqual({ tone: 'bad', text: 'The picture is blurred: hold the document still and let the camera focus.' });
    expect(zoneNotices([finding], vi)[0].text).toBe('Ảnh bị mờ: hãy giữ yên giấy tờ để camera lấy nét.');
  });

  it('tells the operator to move out of the reflection when main measured glare over the zone', () => {
    const finding = zoneFindingFromError(new StationError('NO_MRZ', 'front.jpg: no machine-readable zone could be read', { file: 'front.jpg', capture: 'glare' }), 'front');
    expect(finding).toMatchObject({ kind: 'none', capture: 'glare' });
    expect(zoneNotices([finding], en)[0]).toEqual({ tone: 'bad', text: 'Glare covers part of the zone: tilt the document a little or move it out of the lamp\'s reflection.' });
  });

  it('shows a reading error as such, not as a missing zone', () => {
    const finding = zoneFindingFromError(new StationError('IMAGE_TRUNCATED', 'back.jpg is truncated: copy the file again'), 'back');
    expect(zoneNotices([finding], en)).toEqual([{ tone: 'bad', text: 'The back could not be read: The image is incomplete: save or scan it again.' }]);
  });

  it('speaks the operator\'s language, dates included', () => {
    const notices = zoneNotices([read('back', reading({ expired: true, expirationDate: '2019-04-15' }))], vi);
    expect(notices[0].text).toBe('Đã đọc vùng MRZ ở mặt sau: mọi chữ số kiểm tra đều hợp lệ');
    expect(notices[1].text).toBe(`Giấy tờ này đã hết hạn từ ngày ${vi.date('2019-04-15')}: không thể chấp nhận`);
    expect(vi.date('2019-04-15')).not.toMatch(/Apr/);
    expect(zoneNotices([read('back', reading({ checks: { birthDate: false, composite: false } }))], fr)[0].text)
      .toBe('La zone de lecture automatique n\'est pas valide (chiffres de contrôle : date de naissance et global) : reprenez le verso à plat, net et sans reflet');
  });
});

describe('zoneFindingFromError', () => {
  it('turns NO_MRZ into "no zone on this side" (allowed) and any other error into an error', () => {
    expect(zoneFindingFromError(new StationError('NO_MRZ', 'front.jpg: no machine-readable zone could be read'), 'front')).toEqual({ kind: 'none', side: 'front', detail: 'front.jpg: no machine-readable zone could be read' });
    const failure = new Error('socket closed');
    expect(zoneFindingFromError(failure, 'back')).toEqual({ kind: 'error', side: 'back', message: 'socket closed', error: failure });
  });
});

describe('bestZone and backSideWanted', () => {
  it('prefers a valid reading to an invalid one, whichever came first', () => {
    const invalid = read('front', reading({ checks: { composite: false } }));
    const valid = read('back');
    expect(bestZone([invalid, valid])).toBe(valid);
    expect(bestZone([valid, read('back', reading({ checks: { composite: false } }))])).toBe(valid);
  });

  it('takes the later of two readings of equal standing (a retaken back replaces the first)', () => {
    const first = read('back', reading({ checks: { composite: false } }));
    const retaken = read('back', reading({ checks: { documentNumber: false } }));
    expect(bestZone([first, retaken])).toBe(retaken);
  });

  it('offers the back until a zone validates', () => {
    expect(backSideWanted([none('front')])).toBe(true);
    expect(backSideWanted([read('front', reading({ checks: { composite: false } }))])).toBe(true);
    expect(backSideWanted([none('front'), read('back')])).toBe(false);
    expect(backSideWanted([read('front')])).toBe(false);
  });
});

describe('formatting for the counter', () => {
  it('writes dates as day, short month and year, and says when one is unreadable', () => {
    expect(en.date('1974-08-12')).toBe('12 Aug 1974');
    expect(en.date('2019-04-05')).toBe('5 Apr 2019');
    expect(en.date(null)).toBe('unreadable');
    expect(en.date('2019-13-01')).toBe('2019-13-01');
  });

  it('names the kind of document from its code', () => {
    expect(documentKind('P', en)).toBe('Passport (P)');
    expect(documentKind('ID', en)).toBe('Identity card (ID)');
    expect(documentKind('I', en)).toBe('Identity card (I)');
    expect(documentKind('X', en)).toBe('X');
    expect(documentKind('P', vi)).toBe('Hộ chiếu (P)');
    expect(documentKind('ID', vi)).toBe('Thẻ căn cước (ID)');
  });
});

describe('documentBlocker', () => {
  it('lets a valid, unexpired document and one without a zone through', () => {
    expect(documentBlocker([{ kind: 'read', side: 'back', reading: reading() }], en)).toBeNull();
    expect(documentBlocker([{ kind: 'none', side: 'front', detail: 'no zone' }], en)).toBeNull();
    expect(documentBlocker([], en)).toBeNull();
  });
  it('blocks an expired document, naming the expiry date', () => {
    expect(documentBlocker([{ kind: 'read', side: 'back', reading: reading({ expired: true, expirationDate: '2019-04-15' }) }], en))
      .toBe('Next is blocked: this document expired on 15 Apr 2019. Ask for a valid document.');
  });
  it('blocks a zone whose check digits fail, naming the side to retake', () => {
    expect(documentBlocker([{ kind: 'read', side: 'front', reading: reading({ checks: { composite: false } }) }], en)).toMatch(/does not validate\. Retake the front/);
  });
  it('lets an expired document through once a supervisor accepted it, but never a zone whose check digits fail', () => {
    const expired: ZoneFinding[] = [{ kind: 'read', side: 'back', reading: reading({ expired: true, expirationDate: '2019-04-15' }) }];
    expect(expiryOverridable(expired)).toBe(true);
    expect(documentBlocker(expired, en, true)).toBeNull();
    const misread: ZoneFinding[] = [{ kind: 'read', side: 'back', reading: reading({ expired: true, expirationDate: '2019-04-15', checks: { composite: false } }) }];
    expect(expiryOverridable(misread)).toBe(false);
    expect(documentBlocker(misread, en, true)).toMatch(/does not validate/);
    expect(expiryOverridable([{ kind: 'read', side: 'back', reading: reading() }])).toBe(false);
  });
});

describe('portraitProblemText', () => {
  beforeEach(() => { jest.spyOn(console, 'warn').mockImplementation(() => undefined); });
  afterEach(() => { jest.restoreAllMocks(); });

  it('says "no usable portrait" once, worded by the problem main names', () => {
    const noFace = { code: 'NO_USABLE_PORTRAIT' as const, message: 'no usable portrait: no face was found on the document in any orientation', details: { problem: 'no-face' } };
    expect(portraitProblemText(noFace, en)).toBe('No face was found on the document (is this the back of the card?): scan the side with the portrait.');
    const blurred = { code: 'NO_USABLE_PORTRAIT' as const, message: 'no usable portrait: the face is blurred (sharpness 3, minimum 8)', details: { problem: 'quality', problems: ['FACE_BLURRED'] } };
    expect(portraitProblemText(blurred, vi)).toBe('Ảnh chân dung trên giấy tờ không dùng được (khuôn mặt bị mờ): hãy quét lại rõ nét hơn, lớn hơn, đặt phẳng và không bị lóa.');
    expect(portraitProblemText(undefined, en)).toBe('No usable portrait was found on the document.');
  });
});

describe('firstImageSide', () => {
  it('calls the first image the back when an ID card zone (TD1) was read from it', () => {
    expect(firstImageSide([{ kind: 'read', side: 'front', reading: reading() }])).toBe('back');
    expect(firstImageSide([{ kind: 'none', side: 'front', detail: 'none' }, { kind: 'read', side: 'back', reading: reading() }])).toBe('front');
  });
});
