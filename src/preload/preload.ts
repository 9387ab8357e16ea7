/**
 * The renderer's only door to main: one function per channel of src/shared/ipc-contract.ts,
 * each forwarding its request unchanged. Main validates every request; nothing else of
 * Electron or Node is exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_METHODS, STATION_API_GLOBAL, type IpcMethod, type StationApi } from '../shared/ipc-contract';

const api = {} as Record<IpcMethod, (request: unknown) => Promise<unknown>>;
for (const method of Object.keys(IPC_METHODS) as IpcMethod[]) {
  const channel = IPC_METHODS[method];
  api[method] = (request: unknown) => ipcRenderer.invoke(channel, request);
}

contextBridge.exposeInMainWorld(STATION_API_GLOBAL, Object.freeze(api as unknown as StationApi));
