/**
 * Child process for crash-during-write.test.ts: writes session records and settings in a
 * loop until it is killed, printing each write it has finished ("record N", "settings N").
 * Bundled with esbuild by the test, so it runs the real src/main code in plain Node.
 */
import { keepRecord } from '../../../src/main/records/record-keeper';
import { SettingsStore } from '../../../src/main/settings/settings-store';
import { crashRecord, crashSettingsUpdate } from './crash-fixtures';

async function main(): Promise<void> {
  const [recordsFolder, userData, run] = process.argv.slice(2);
  const store = await SettingsStore.open(userData);
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) {
    await keepRecord(crashRecord(run, i), { enabled: true, folder: recordsFolder });
    process.stdout.write(`record ${i}\n`);
    await store.update(crashSettingsUpdate(Number(run) * 100_000 + i));
    process.stdout.write(`settings ${Number(run) * 100_000 + i}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
