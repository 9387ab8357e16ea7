/** The zone strip as the OCR gets it. */
import { stretchToPaper } from '../../../src/main/document/mrz-strip';

describe('stretchToPaper', () => {
  it('makes a tinted page white and its ink black, so a global threshold still finds the text', () => {
    // A strip of grey-green paper (150) with 20% ink (40) and a little blur between (90).
    const strip = Buffer.alloc(1000, 150);
    strip.fill(40, 0, 200);
    strip.fill(90, 200, 250);
    const out = stretchToPaper(strip);
    expect(out[0]).toBe(0);
    expect(out[999]).toBe(255);
    expect(out[220]).toBeGreaterThan(0);
    expect(out[220]).toBeLessThan(255);
  });

  it('leaves a blank strip as it is', () => {
    expect([...stretchToPaper(Buffer.alloc(10, 200))]).toEqual(new Array(10).fill(200));
  });
});
