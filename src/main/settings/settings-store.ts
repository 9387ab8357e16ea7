/**
 * Operator settings kept as JSON in the user-data folder (settings.json). A missing file
 * means defaults; a damaged or invalid file also gives defaults, keeps the file aside as
 * settings.json.invalid for the administrator, and says why in `problem`, so a bad edit
 * never stops the station.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { EkycError } from '../../shared/errors';
import { defaultSettings, validateSettings, validateSettingsUpdate, type OperatorSettings } from '../../shared/operator-settings';

export const SETTINGS_FILE_NAME = 'settings.json';

export class SettingsStore {
  private constructor(
    /** null: kept in memory only (tests, and the E2E harness). */
    readonly file: string | null,
    private settings: OperatorSettings,
    /** Why the stored file was not used, or null. */
    readonly problem: string | null,
  ) {}

  static async open(userDataDir: string): Promise<SettingsStore> {
    const file = join(userDataDir, SETTINGS_FILE_NAME);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new SettingsStore(file, defaultSettings(), null);
      return new SettingsStore(file, defaultSettings(), `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); using the defaults`);
    }
    try {
      return new SettingsStore(file, validateSettings(JSON.parse(text), SETTINGS_FILE_NAME), null);
    } catch (err) {
      const why = err instanceof SyntaxError ? `is not valid JSON (${err.message})` : `is invalid: ${(err as Error).message}`;
      await fs.rename(file, `${file}.invalid`).catch(() => undefined);
      return new SettingsStore(file, defaultSettings(), `${file} ${why}; using the defaults and keeping the old file as ${SETTINGS_FILE_NAME}.invalid`);
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
    const folder = this.settings.retention.folder;
    if (update.retention.enabled && folder === null) {
      throw new EkycError('INVALID_ARGUMENT', 'settings.retention: choose the records folder before turning retention on');
    }
    return this.save({ schema: 'ekyc-settings/1', ...update, retention: { ...update.retention, folder } });
  }

  /** Sets the records folder the operator picked in the folder dialog. */
  async setRecordsFolder(folder: string): Promise<OperatorSettings> {
    const stat = await fs.stat(folder).catch(() => null);
    if (!stat?.isDirectory()) throw new EkycError('INVALID_ARGUMENT', `records folder ${folder} is not a folder; choose an existing folder`, { file: folder });
    return this.save({ ...this.settings, retention: { ...this.settings.retention, folder } });
  }

  private async save(next: OperatorSettings): Promise<OperatorSettings> {
    const checked = validateSettings(next);
    if (this.file === null) {
      this.settings = checked;
      return this.current();
    }
    // Write then rename, so a crash never leaves half a file.
    const tmp = `${this.file}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(checked, null, 2)}\n`, 'utf8');
    await fs.rename(tmp, this.file);
    this.settings = checked;
    return this.current();
  }
}
