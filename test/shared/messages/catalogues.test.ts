import { en } from '../../../src/shared/messages/en';
import { placeholdersOf, type MessageKey } from '../../../src/shared/messages/catalogue';
import { SUPPORTED_LANGUAGES } from '../../../src/shared/messages/languages';
import { CATALOGUES } from '../../../src/shared/messages/translator';
import { ERROR_CODES } from '../../../src/shared/errors';

const englishKeys = Object.keys(en).sort();

describe('every catalogue has the English key set and placeholders', () => {
  for (const language of SUPPORTED_LANGUAGES.filter((l) => l !== 'en')) {
    const catalogue = CATALOGUES[language] as Record<string, string>;

    it(`${language} lacks no key`, () => {
      expect(englishKeys.filter((k) => !(k in catalogue))).toEqual([]);
    });

    it(`${language} has no key English lacks`, () => {
      expect(Object.keys(catalogue).filter((k) => !(k in en))).toEqual([]);
    });

    it(`${language} keeps each message's placeholders`, () => {
      const differing = englishKeys
        .filter((k) => k in catalogue)
        .filter((k) => placeholdersOf(catalogue[k]).join(',') !== placeholdersOf(en[k as MessageKey]).join(','))
        .map((k) => `${k}: ${placeholdersOf(en[k as MessageKey]).join(',')} vs ${placeholdersOf(catalogue[k]).join(',')}`);
      expect(differing).toEqual([]);
    });

    it(`${language} leaves no message empty or untranslated as a key name`, () => {
      expect(Object.entries(catalogue).filter(([k, v]) => v.trim() === '' || v === k).map(([k]) => k)).toEqual([]);
    });
  }

  it('gives every plural message both its one and other forms', () => {
    const bases = englishKeys.filter((k) => /\.(one|other)$/.test(k)).map((k) => k.replace(/\.(one|other)$/, ''));
    for (const base of new Set(bases)) {
      expect([`${base}.one`, `${base}.other`].filter((k) => !(k in en))).toEqual([]);
    }
  });

  it('words every error code, with no placeholder its details may lack', () => {
    for (const code of ERROR_CODES) {
      expect(en[`error.${code}` as MessageKey]).toBeDefined();
      expect(placeholdersOf(en[`error.${code}` as MessageKey])).toEqual([]);
    }
  });
});

describe('a test of the check itself', () => {
  it('tells placeholders apart', () => {
    expect(placeholdersOf('The {side} could not be read: {reason}')).toEqual(['reason', 'side']);
    expect(placeholdersOf('no placeholder')).toEqual([]);
  });
});
