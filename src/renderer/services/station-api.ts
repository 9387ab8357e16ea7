import type { ErrorCode, ErrorInfo } from '../../shared/errors';
import { STATION_API_GLOBAL, type IpcMethod, type StationApi } from '../../shared/ipc-contract';

/** An error reply from main, thrown in the renderer so pages can `catch` it by code. */
export class StationError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'StationError';
  }

  static from(info: ErrorInfo): StationError {
    return new StationError(info.code, info.message, info.details);
  }
}

type Reply<M extends IpcMethod> = Awaited<ReturnType<StationApi[M]>>;
type Value<M extends IpcMethod> = Extract<Reply<M>, { ok: true }>['value'];

function api(): StationApi {
  const found = (globalThis as unknown as Record<string, StationApi | undefined>)[STATION_API_GLOBAL];
  if (!found) throw new StationError('INTERNAL', 'the station API is missing: the page was opened outside the station app');
  return found;
}

/** Calls main through the preload API and unwraps the result; an error reply is thrown. */
export async function callStation<M extends IpcMethod>(method: M, request: Parameters<StationApi[M]>[0]): Promise<Value<M>> {
  const reply = (await (api()[method] as (r: unknown) => Promise<Reply<M>>)(request)) as Reply<M>;
  if (!reply.ok) throw StationError.from((reply as { ok: false; error: ErrorInfo }).error);
  return (reply as { ok: true; value: Value<M> }).value;
}

export function errorMessage(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof StationError) return { code: err.code, message: err.message };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
