/**
 * The ledger's bookkeeping on plain unit vectors (the cosine arithmetic is the point here);
 * test/main/ipc/station-handlers-attempts.test.ts runs it on real portraits and zones.
 */
import { AttemptLedger } from '../../../src/main/ipc/attempt-ledger';

const MINUTE = 60_000;
const zone = { documentNumber: 'L898902C3', issuingState: 'UTO', birthDate: '1974-08-12' };

/** A unit vector along axis `k`, tilted towards axis `k + 1` by `tilt` (cosine to the first = cos(tilt)). */
function portrait(k: number, tilt = 0): Float32Array {
  const v = new Float32Array(8);
  v[k] = Math.cos(tilt);
  v[k + 1] = Math.sin(tilt);
  return v;
}

describe('AttemptLedger', () => {
  it('knows nothing of a document until a match on it fails', () => {
    const ledger = new AttemptLedger(30 * MINUTE, 0.8);
    expect(ledger.failures({ mrzKey: null, portrait: portrait(0) }, 0)).toEqual({ count: 0, forgetAt: null });
    expect(ledger.size).toBe(0);
  });

  it('counts failures of the same portrait scanned again with small changes, not of another one', () => {
    const ledger = new AttemptLedger(30 * MINUTE, 0.8);
    ledger.recordFailure({ mrzKey: null, portrait: portrait(0) }, 0);
    ledger.recordFailure({ mrzKey: null, portrait: portrait(0, 0.3) }, 1000);
    // A third scan at cos(0.9) = 0.62 to the first, cos(0.6) = 0.825 to the second: linked through the second.
    expect(ledger.failures({ mrzKey: null, portrait: portrait(0, 0.9) }, 2000)).toEqual({ count: 2, forgetAt: 1000 + 30 * MINUTE });
    expect(ledger.failures({ mrzKey: null, portrait: portrait(3) }, 2000).count).toBe(0);
  });

  it('links a scan by its zone when its portrait is unlike, and merges the two documents it turns out to be', () => {
    const ledger = new AttemptLedger(30 * MINUTE, 0.8);
    const key = ledger.mrzKeyOf(zone, true);
    ledger.recordFailure({ mrzKey: key, portrait: portrait(0) }, 0);
    ledger.recordFailure({ mrzKey: null, portrait: portrait(3) }, 0);
    expect(ledger.size).toBe(2);
    // The second portrait with the first one's zone: one document, both failures.
    expect(ledger.failures({ mrzKey: ledger.mrzKeyOf(zone, true), portrait: portrait(3) }, 0).count).toBe(2);
    expect(ledger.size).toBe(1);
    expect(ledger.failures({ mrzKey: null, portrait: portrait(0) }, 0).count).toBe(2);
  });

  it('keys a zone by a salted hash, never the number, and ignores a zone whose checks failed', () => {
    const ledger = new AttemptLedger();
    const key = ledger.mrzKeyOf(zone, true)!;
    expect(key).toHaveLength(32);
    expect(Buffer.from(key).toString('latin1')).not.toContain('L898902C3');
    expect(ledger.mrzKeyOf(zone, true)).toEqual(key);
    expect(ledger.mrzKeyOf({ ...zone, birthDate: '1974-08-13' }, true)).not.toEqual(key);
    // Another station process (another salt) gives another key for the same zone.
    expect(new AttemptLedger().mrzKeyOf(zone, true)).not.toEqual(key);
    expect(ledger.mrzKeyOf(zone, false)).toBeNull();
  });

  it('forgets a document, zeroing what identified it, once its last failure is older than the memory', () => {
    const ledger = new AttemptLedger(30 * MINUTE, 0.8);
    const key = ledger.mrzKeyOf(zone, true)!;
    const held: Float32Array[] = [];
    const original = Float32Array.prototype.slice;
    const spy = jest.spyOn(Float32Array.prototype, 'slice').mockImplementation(function (this: Float32Array, ...args) {
      const copy = original.apply(this, args);
      held.push(copy);
      return copy;
    });
    ledger.recordFailure({ mrzKey: key, portrait: portrait(0) }, 0);
    ledger.recordFailure({ mrzKey: key, portrait: portrait(0) }, 10 * MINUTE);
    spy.mockRestore();
    expect(held).toHaveLength(1);
    expect(ledger.failures({ mrzKey: key, portrait: null }, 40 * MINUTE - 1).count).toBe(2);
    expect(ledger.failures({ mrzKey: key, portrait: null }, 40 * MINUTE).count).toBe(0);
    expect(ledger.size).toBe(0);
    expect(held[0].every((v) => v === 0)).toBe(true);
  });

  it('keeps copies, so zeroing the session\'s own embedding does not erase the document', () => {
    const ledger = new AttemptLedger(30 * MINUTE, 0.8);
    const own = portrait(0);
    ledger.recordFailure({ mrzKey: null, portrait: own }, 0);
    own.fill(0);
    expect(ledger.failures({ mrzKey: null, portrait: portrait(0) }, 1).count).toBe(1);
  });

  it('wipes everything on request', () => {
    const ledger = new AttemptLedger(30 * MINUTE, 0.8);
    ledger.recordFailure({ mrzKey: ledger.mrzKeyOf(zone, true), portrait: portrait(0) }, 0);
    ledger.wipe();
    expect(ledger.size).toBe(0);
    expect(ledger.failures({ mrzKey: null, portrait: portrait(0) }, 1).count).toBe(0);
  });
});
