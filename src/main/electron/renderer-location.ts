import { join } from 'node:path';

/** dist/main/electron -> dist/renderer (served as app://station/) and dist/preload/preload.js */
export const RENDERER_DIR = join(__dirname, '..', '..', 'renderer');
export const PRELOAD_SCRIPT = join(__dirname, '..', '..', 'preload', 'preload.js');
