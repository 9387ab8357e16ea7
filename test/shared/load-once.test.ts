/** loadOnce: one load for every caller, and another try after a failure. */
import { loadOnce } from '../../src/shared/load-once';

describe('loadOnce', () => {
  it('runs the load once for concurrent and later callers', async () => {
    let loads = 0;
    const load = loadOnce(async () => ++loads);
    expect(await Promise.all([load(), load()])).toEqual([1, 1]);
    expect(await load()).toBe(1);
    expect(loads).toBe(1);
  });

  it('does not keep a failure: the next call loads again', async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      if (loads === 1) throw new Error('model file missing');
      return 'loaded';
    });
    await expect(load()).rejects.toThrow('model file missing');
    await expect(load()).resolves.toBe('loaded');
    expect(loads).toBe(2);
  });
});
