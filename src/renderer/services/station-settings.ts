/**
 * Operator settings live in main (settings.json in the user-data folder, validated there);
 * the renderer reads and changes them only through the station API, so there is one source
 * of truth and nothing of the operator's choices is kept in the page's own storage.
 */
import type { SettingsView } from '../../shared/ipc-contract';
import { settingsUpdateOf, type OperatorSettingsUpdate } from '../../shared/operator-settings';
import { callStation } from './station-api';

export function loadSettings(): Promise<SettingsView> {
  return callStation('getSettings', {});
}

export function saveSettings(update: OperatorSettingsUpdate): Promise<SettingsView> {
  return callStation('saveSettings', update);
}

export function chooseRecordsFolder(): Promise<SettingsView> {
  return callStation('chooseRecordsFolder', {});
}

/** Opens main's folder dialog for the CSCA trust list (`clear`: removes it instead). */
export function chooseTrustList(clear: boolean): Promise<SettingsView> {
  return callStation('chooseTrustList', { clear });
}

/** The camera the operator chose last, or null for the system's default. */
export async function loadCameraId(): Promise<string | null> {
  return (await loadSettings()).settings.cameraId;
}

/** Remembers the chosen camera for the next customer. */
export async function saveCameraId(deviceId: string): Promise<void> {
  const { settings } = await loadSettings();
  if (settings.cameraId !== deviceId) await saveSettings({ ...settingsUpdateOf(settings), cameraId: deviceId });
}

