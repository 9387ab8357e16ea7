/** What Settings tells the operator about a match preset, and how its challenge controls map to what main stores. */
import { MATCH_PRESETS } from '../../../src/shared/operator-settings';
import { challengeChoiceOf, fixedChallengesOf, presetMeaning, withBlinkCount, withChallenge } from '../../../src/renderer/services/settings-text';

describe('presetMeaning: a preset by what it does', () => {
  it('says how many strangers each preset would accept and how many genuine customers it asks again, from the measured figures', () => {
    expect(presetMeaning(MATCH_PRESETS.standard)).toBe('About 1 in 1,800 strangers would be accepted as the document\'s holder. About 2 in 100 genuine customers are asked to try again.');
    expect(presetMeaning(MATCH_PRESETS.strict)).toBe('About 1 in 11,000 strangers would be accepted as the document\'s holder. About 3 in 100 genuine customers are asked to try again.');
    expect(presetMeaning(MATCH_PRESETS.strictest)).toBe('No stranger was accepted in 644,892 tries; at most about 1 in 210,000 would be. About 7 in 100 genuine customers are asked to try again.');
  });

  it('uses no jargon: no cosine, FAR or TAR', () => {
    for (const preset of Object.values(MATCH_PRESETS)) expect(presetMeaning(preset)).not.toMatch(/cosine|FAR|TAR|e-\d/);
  });
});

describe('the liveness challenge controls', () => {
  it('reads a random draw and a fixed list from what main stores, and writes them back', () => {
    expect(challengeChoiceOf('')).toEqual({ mode: 'random', fixed: [] });
    const choice = challengeChoiceOf('blink:2, smile,turn-left');
    expect(choice).toEqual({ mode: 'fixed', fixed: [{ kind: 'blink', count: 2 }, { kind: 'smile' }, { kind: 'turn-left' }] });
    expect(fixedChallengesOf(choice)).toBe('blink:2,smile,turn-left');
    expect(fixedChallengesOf({ ...choice, mode: 'random' })).toBe('');
  });

  it('adds a ticked challenge as the last one asked and removes an unticked one', () => {
    const smile = withChallenge([], 'smile', true, 2);
    const both = withChallenge(smile, 'blink', true, 3);
    expect(fixedChallengesOf({ mode: 'fixed', fixed: both })).toBe('smile,blink:3');
    expect(fixedChallengesOf({ mode: 'fixed', fixed: withChallenge(both, 'smile', false, 3) })).toBe('blink:3');
  });

  it('passes any blink count on to main, which judges it', () => {
    expect(fixedChallengesOf({ mode: 'fixed', fixed: withBlinkCount([{ kind: 'blink', count: 2 }, { kind: 'smile' }], 12) })).toBe('blink:12,smile');
  });
});
