/**
 * Connects the plain-Node handlers to ipcMain. A message is answered only when it comes from
 * the main frame of the app's own page; anything else gets FORBIDDEN_SENDER.
 */
import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '../../shared/ipc-contract';
import { registerHandlers } from '../ipc/register-handlers';
import type { StationHandlers } from '../ipc/station-handlers';
import { forbiddenSenderMessage, isTrustedSender, type IpcSender } from './ipc-sender';

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

export function bridgeHandlers(handlers: StationHandlers): void {
  registerHandlers((channel, handler) => {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<IpcResult<unknown>> => {
      const sender = senderOf(event);
      if (!isTrustedSender(sender)) return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: forbiddenSenderMessage(channel, sender) } };
      return handler(payload);
    });
  }, handlers);
}
