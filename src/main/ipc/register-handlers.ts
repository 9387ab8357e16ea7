/**
 * Puts the station's handlers behind one registration function: Electron's glue passes a
 * wrapper of ipcMain.handle, tests pass a map. Every reply is an IpcResult; a handler's
 * exception becomes `{ ok: false, error }` here and never reaches the transport.
 */
import { toErrorInfo } from '../../shared/errors';
import { IPC_CHANNELS, type IpcChannel, type IpcReply } from '../../shared/ipc-contract';
import { validateRequest } from '../../shared/ipc-validation';
import type { StationHandlers } from './station-handlers';

export type CheckedHandler<C extends IpcChannel> = (payload: unknown) => Promise<IpcReply<C>>;
export type RegisterHandler = <C extends IpcChannel>(channel: C, handler: CheckedHandler<C>) => void;

export function checkedHandler<C extends IpcChannel>(channel: C, handlers: StationHandlers): CheckedHandler<C> {
  const handle = handlers[channel] as (request: unknown) => Promise<IpcReply<C> extends { ok: true; value: infer V } ? V : never>;
  return async (payload) => {
    try {
      return { ok: true, value: await handle(validateRequest(channel, payload)) } as IpcReply<C>;
    } catch (err) {
      return { ok: false, error: toErrorInfo(err) };
    }
  };
}

export function registerHandlers(register: RegisterHandler, handlers: StationHandlers): void {
  for (const channel of IPC_CHANNELS) register(channel, checkedHandler(channel, handlers));
}
