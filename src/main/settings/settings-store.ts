/**
 * Operator settings kept as JSON in the user-data folder (settings.json). A missing file
 * means defaults; a damaged or invalid file also gives defaults, keeps the file aside as
 * settings.json.invalid-<time> for the administrator (never over an earlier one), and says
 * why in `problem`, so a bad edit never stops the station.
 *
 * Saves are queued: one at a time, in the order they were asked for, each built from the
 * settings the previous one committed. A save writes a unique temporary file, flushes it and
 * renames it over settings.json (src/main/storage/atomic-file.ts), and only then changes the
 * settings in memory, so memory and file never differ and a crash leaves one complete
 * version. A save that fails changes neither and rejects with a typed error naming the file.
 *
 * The user-data folder: Electron (Chromium) creates it before 'ready', so it normally
 * exists. If it is missing (removed while the station runs), a save creates that one folder
 * again; a missing parent (the profile's disk gone) is reported, never papered over by
 * creating a whole tree.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { EkycError } from '../../shared/errors';
import { defaultSettings, validateSettings, validateSettingsUpdate, type OperatorSettings } from '../../shared/operator-settings';
import { errnoOf, renameExclusive, sweepStaleTempFiles, writeFileAtomic } from '../storage/atomic-file';

export const SETTINGS_FILE_NAME = 'settings.json';
const SETTINGS_HINT = 'the settings were not changed';

export interface SettingsStoreOptions {
  /** Clock for the name of a damaged file kept aside (tests). */
  now?: () => Date;
}

export class SettingsStore {
  /** The last save queued; each save waits for it, so saves run one at a time. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    /** null: kept in memory only (tests, and the E2E harness). */
    readonly file: string | null,
    private settings: OperatorSettings,
    /** Why the stored file was not used, or null. */
    readonly problem: string | null,
  ) {}

  static async open(userDataDir: string, options: SettingsStoreOptions = {}): Promise<SettingsStore> {
    const now = options.now ?? (() => new Date());
    const file = join(userDataDir, SETTINGS_FILE_NAME);
    const problems: string[] = [];
    // Leftovers of a save a crash interrupted; only settings.json's own temporary files.
    await sweepStaleTempFiles(userDataDir, { target: (name) => name === SETTINGS_FILE_NAME }).catch((err: unknown) => {
      problems.push((err as Error).message);
    });
    const store = (settings: OperatorSettings, problem: string | null) => {
      if (problem) problems.unshift(problem);
      return new SettingsStore(file, settings, problems.length > 0 ? problems.join('; ') : null);
    };
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      const code = errnoOf(err);
      if (code === 'ENOENT') return store(defaultSettings(), null);
      if (code === 'EISDIR') return store(defaultSettings(), `${file} is a folder, not a settings file; using the defaults. Move or rename that folder so the settings can be saved`);
      return store(defaultSettings(), `${file} cannot be read (${code ?? (err as Error).message}); using the defaults`);
    }
    try {
      return store(validateSettings(JSON.parse(text), SETTINGS_FILE_NAME), null);
    } catch (err) {
      const why = err instanceof SyntaxError ? `is not valid JSON (${err.message})` : `is invalid: ${(err as Error).message}`;
      return store(defaultSettings(), `${file} ${why}; using the defaults and ${await keepAside(file, now())}`);
    }
  }

  /** Defaults that are never written anywhere. */
  static inMemory(): SettingsStore {
    return new SettingsStore(null, defaultSettings(), null);
  }

  current(): OperatorSettings {
    return structuredClone(this.settings);
  }

  /** Applies a settings-page update (checked again here) and saves it. */
  async update(value: unknown): Promise<OperatorSettings> {
    const update = validateSettingsUpdate(value);
    return this.save((settings) => {
      // The folder is the one committed when this save's turn comes, not when it was asked:
      // a folder chosen by a save queued just before is kept.
      const folder = settings.retention.folder;
      if (update.retention.enabled && folder === null) {
        throw new EkycError('INVALID_ARGUMENT', 'settings.retention: choose the records folder before turning retention on');
      }
      return { schema: 'ekyc-settings/1', ...update, cscaTrustList: settings.cscaTrustList, retention: { ...update.retention, folder } };
    });
  }

  /** Sets the records folder the operator picked in the folder dialog. */
  async setRecordsFolder(folder: string): Promise<OperatorSettings> {
    // Checked in the save's turn, so it queues in the order it was asked for.
    return this.save(async (settings) => {
      const stat = await fs.stat(folder).catch(() => null);
      if (!stat?.isDirectory()) throw new EkycError('INVALID_ARGUMENT', `records folder ${folder} is not a folder; choose an existing folder`, { file: folder });
      return { ...settings, retention: { ...settings.retention, folder } };
    });
  }

  /** Sets (a path) or removes (null) the CSCA trust list; the caller has checked that it loads. */
  async setCscaTrustList(path: string | null): Promise<OperatorSettings> {
    return this.save((settings) => ({ ...settings, cscaTrustList: path }));
  }

  /**
   * Queues a save of `build(committed settings)` (queued synchronously, so saves run in the
   * order they were asked for); resolves to the settings committed.
   */
  private save(build: (settings: OperatorSettings) => OperatorSettings | Promise<OperatorSettings>): Promise<OperatorSettings> {
    const run = async (): Promise<OperatorSettings> => {
      const checked = validateSettings(await build(this.current()));
      if (this.file !== null) {
        await writeFileAtomic(this.file, `${JSON.stringify(checked, null, 2)}\n`, { createFolder: true, label: 'the operator settings', hint: SETTINGS_HINT });
      }
      this.settings = checked;
      return this.current();
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Moves a damaged settings file to settings.json.invalid-<time>, never over an earlier copy
 * (a second damaged file gets its own name); resolves to the phrase for `problem`.
 */
async function keepAside(file: string, when: Date): Promise<string> {
  const stamp = when.toISOString().replace(/:/g, '-');
  for (let n = 1; n <= 100; n++) {
    const aside = `${file}.invalid-${stamp}${n === 1 ? '' : `-${n}`}`;
    try {
      await renameExclusive(file, aside, 'the damaged settings file');
      return `keeping the old file as ${aside}`;
    } catch (err) {
      if (err instanceof EkycError && err.code === 'FILE_EXISTS') continue;
      return `the old file could not be kept aside (${(err as Error).message}); it stays as ${file} and the next save replaces it`;
    }
  }
  return `the old file could not be kept aside (100 copies named ${file}.invalid-${stamp}… exist); it stays as ${file} and the next save replaces it`;
}
