/**
 * Connects the plain-Node handlers to ipcMain. A message is answered only when it comes from
 * the main frame of the app's own page; anything else gets FORBIDDEN_SENDER.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '../../shared/ipc-contract';
import { registerHandlers } from '../ipc/register-handlers';
import type { StationHandlers } from '../ipc/station-handlers';
import { isAppPage } from './renderer-location';

function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame === event.sender.mainFrame && isAppPage(frame.url);
}

export function bridgeHandlers(handlers: StationHandlers): void {
  registerHandlers((channel, handler) => {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      if (!trustedSender(event)) {
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: `${channel}: refused a message from ${event.senderFrame?.url ?? 'an unknown frame'}` } };
      }
      return handler(payload);
    });
  }, handlers);
}
