import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerHandlers, type CheckedHandler } from '../../src/main/ipc/register-handlers';
import { createStationHandlers } from '../../src/main/ipc/station-handlers';
import type { StationDeps } from '../../src/main/ipc/station-engines';
import type { IpcChannel, IpcReply } from '../../src/shared/ipc-contract';
import { valueOf } from './ipc-replies';

export type Invoke = <C extends IpcChannel>(channel: C, payload: unknown) => Promise<IpcReply<C>>;

/**
 * A station (documents kept in-process) with a card's front analysed and its back's zone read,
 * as the ID page does it: the front sent as bytes, the back chosen as a file written to `workDir`.
 */
export async function scannedCard(front: Buffer, back: Buffer, workDir: string, deps: Pick<StationDeps, 'faceEngine'> & Partial<StationDeps>): Promise<Invoke> {
  const backFile = join(workDir, 'back.jpg');
  writeFileSync(backFile, back);
  const routes = new Map<IpcChannel, CheckedHandler<IpcChannel>>();
  const handlers = createStationHandlers({ chooseIdFile: async () => backFile, saveRecord: async () => null, ...deps });
  registerHandlers((channel, handler) => routes.set(channel, handler as CheckedHandler<IpcChannel>), handlers);
  const invoke = ((channel: IpcChannel, payload: unknown) => routes.get(channel)!(payload)) as Invoke;
  valueOf(await invoke('id:analyze', { fileName: 'front.jpg', bytes: new Uint8Array(front) }));
  const opened = valueOf(await invoke('id:open-file', { preview: false }));
  if (opened.canceled) throw new Error('the back was not opened');
  const reading = valueOf(await invoke('document:read-mrz', { documentId: opened.document.documentId }));
  if (!reading.mrz.valid) throw new Error(`the drawn back's zone did not validate: ${reading.mrz.lines.join(' / ')}`);
  return invoke;
}
