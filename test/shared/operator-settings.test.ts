/** The match presets: the operator's detail line is made from the measured figures, so the two cannot disagree. */
import { MATCH_PRESETS } from '../../src/shared/operator-settings';

describe('MATCH_PRESETS', () => {
  it('words each preset\'s measured figures as bench/CALIBRATION.md gives them', () => {
    expect(MATCH_PRESETS.standard.operatingPoint).toBe('cosine 0.36: lfw-dev FAR 5.4e-4 (351 of 644,892 impostor pairs; at most 6.0e-4 at 95% confidence), TAR 97.9% (905 of 924); verification set TAR 100% (58 of 58)');
    expect(MATCH_PRESETS.strict.operatingPoint).toBe('cosine 0.42: lfw-dev FAR 9.3e-5 (60 of 644,892 impostor pairs; at most 1.2e-4 at 95% confidence), TAR 96.8% (894 of 924); verification set TAR 100% (58 of 58); a few more customers asked to retry');
    expect(MATCH_PRESETS.strictest.operatingPoint).toBe('cosine 0.50: lfw-dev FAR 0 of 644,892 (at most 4.7e-6), TAR 92.9% (858 of 924); verification set TAR 100% (58 of 58); for high-risk products only');
  });
});
