import { msg, plural } from '../../../src/shared/messages/catalogue';
import { english, translator } from '../../../src/shared/messages/translator';

const en = translator('en');
const vi = translator('vi');
const fr = translator('fr');

describe('translator', () => {
  it('fills placeholders, and leaves a missing one visible', () => {
    expect(en.t('zone.valid', { side: 'back' })).toBe('Machine-readable zone read from the back: every check digit is valid');
    expect(en.ref({ key: 'zone.valid', params: {} })).toBe('Machine-readable zone read from the {side}: every check digit is valid');
  });

  it('translates nested messages in the language shown', () => {
    const ref = msg('zone.valid', { side: msg('side.back') });
    expect(english(ref)).toBe('Machine-readable zone read from the back: every check digit is valid');
    expect(vi.ref(ref)).toBe('Đã đọc vùng MRZ ở mặt sau: mọi chữ số kiểm tra đều hợp lệ');
    expect(fr.ref(ref)).toBe('Zone de lecture automatique lue au verso : tous les chiffres de contrôle sont valides');
  });

  it('picks plural forms by the language\'s rules', () => {
    expect(en.plural('unit.minutes', 1)).toBe('1 minute');
    expect(en.plural('unit.minutes', 15)).toBe('15 minutes');
    expect(en.ref(plural('verdict.flagged', 2))).toBe('Every check passed; 2 items need a check by hand.');
    // French counts 0 and 1 as singular
    expect(fr.plural('unit.minutes', 0)).toBe('0 minute');
    expect(vi.plural('unit.minutes', 1)).toBe('1 phút');
  });

  it('formats numbers, fixed decimals, percentages and lists per locale', () => {
    expect(en.ref(msg('common.seconds', { seconds: { fixed: 2, digits: 1 } }))).toBe('2.0 s');
    expect(vi.ref(msg('common.seconds', { seconds: { fixed: 2.25, digits: 1 } }))).toMatch(/^2,[23] giây$/);
    expect(fr.fixed(0.3612, 3)).toBe('0,361');
    expect(en.number(1234.5)).toBe('1,234.5');
    expect(en.percent(0.87)).toBe('87%');
    expect(fr.percent(0.87)).toMatch(/^87\s%$/);
    expect(en.list(['document number', 'birth date', 'composite'])).toBe('document number, birth date and composite');
    expect(vi.list(['a', 'b'])).toBe('a và b');
    expect(fr.list(['a', 'b', 'c'])).toBe('a, b et c');
  });

  it('writes document dates without hard-coded month names, and never as another day', () => {
    expect(en.date('2012-04-15')).toBe('15 Apr 2012');
    expect(fr.date('2012-04-15')).toBe('15 avr. 2012');
    expect(vi.date('2012-04-15')).toMatch(/15.*4.*2012/);
    expect(en.date(null)).toBe('unreadable');
    expect(vi.date(null)).toBe('không đọc được');
    expect(en.date('2012-02-30')).toBe('2012-02-30');
    expect(en.date('garbled')).toBe('garbled');
  });

  it('words an error by its code, by its problem when the catalogue has one, with its details', () => {
    expect(en.error({ code: 'NO_FACE' })).toBe('No face was found: the customer should face the camera in good light.');
    expect(vi.error({ code: 'NO_FACE' })).toBe('Không tìm thấy khuôn mặt: khách hàng cần nhìn vào camera ở nơi đủ sáng.');
    expect(en.error({ code: 'INVALID_ARGUMENT', details: { problem: 'challenge-unknown', challenge: 'jump' } })).toMatch(/^Unknown challenge "jump"/);
    expect(en.error({ code: 'INVALID_ARGUMENT', details: { problem: 'no-such-problem' } })).toBe('A value is not valid.');
    expect(fr.error({ code: 'NO_USABLE_PORTRAIT', details: { problem: 'quality', problems: ['FACE_BLURRED', 'FACE_TOO_DARK'] } }))
      .toBe('Aucune photo exploitable sur la pièce (le visage est flou et le visage est trop sombre) : numérisez-la plus nette et plus grande, à plat et sans reflet.');
  });

  it('shows the key of a message this build does not know rather than nothing', () => {
    expect(en.ref({ key: 'reason.from-a-newer-build' as never })).toBe('reason.from-a-newer-build');
  });

  it('shows a moment as the reader\'s locale writes a date and time, and keeps it ISO in the record\'s English', () => {
    const at = '2026-03-02T09:00:05.000Z';
    const ref = msg('reason.expiry.overridden', { name: 'S-1', time: { moment: at }, reason: 'renewal shown' });
    for (const language of ['en', 'vi', 'fr'] as const) {
      const t = translator(language);
      expect(t.ref(ref)).toContain(t.dateTime(at));
      expect(t.ref(ref)).not.toContain(at);
    }
    expect(translator('fr').dateTime(at)).toMatch(/2026/);
    expect(english(ref)).toBe(`the document has expired; supervisor S-1 accepted it at ${at}: "renewal shown"`);
    // A moment that is not a timestamp (a record edited by hand) is shown as it is, never "Invalid Date".
    expect(translator('en').ref(msg('reason.expiry.overridden', { name: 'S-1', time: { moment: 'yesterday' }, reason: 'r' }))).toContain('at yesterday');
  });
});
