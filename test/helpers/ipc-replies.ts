/** The value of a checked handler's reply, or a thrown error naming its code. */
import type { IpcChannel, IpcReply } from '../../src/shared/ipc-contract';

export function valueOf<C extends IpcChannel>(reply: IpcReply<C>) {
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value;
}

/** The error of a reply that must have failed. */
export function errorOf(reply: IpcReply<IpcChannel>) {
  if (reply.ok) throw new Error(`expected an error reply, got ${JSON.stringify(reply.value).slice(0, 160)}`);
  return reply.error;
}
