import { pixelNormalisation, type PixelNormalisation } from '../models/model-files';
import type { ModelSession } from './onnx-runtime';

/**
 * A loaded model's input normalisation from its manifest entry; a manifest without one
 * releases the session before the typed error goes up, so no native session is left open.
 */
export async function normalisationOrRelease(model: ModelSession): Promise<PixelNormalisation> {
  try {
    return pixelNormalisation(model.entry);
  } catch (err) {
    await model.release();
    throw err;
  }
}
