/**
 * A started engine process as the client sees it: send a call, hear its messages, learn
 * that it exited, kill it. `child_process.fork` gives one (forkEngine, below); Electron's
 * `utilityProcess.fork` another (src/main/electron/utility-engine.ts); the protocol is the same.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EkycError } from '../../shared/errors';
import type { EngineCall } from '../../shared/engine-contract';

export interface EngineLink {
  send(call: EngineCall): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process is gone; `why` says how it ended (exit code or signal). */
  onExit(listener: (why: string) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type StartEngine = () => EngineLink;

/** The engine module next to this file, as built (dist/main/engine/engine-process.js). */
export function builtEngineModule(dir: string = __dirname): string {
  const file = join(dir, 'engine-process.js');
  if (!existsSync(file)) throw new EkycError('MODEL_FAILED', `the engine module ${file} is missing; run npm run build`, { file });
  return file;
}

/** Starts the engine with child_process.fork; 'advanced' serialization carries typed arrays as binary. */
export function forkEngine(modulePath: string): EngineLink {
  const child = fork(modulePath, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    send: (call) => {
      if (child.connected) child.send(call);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => {
      let told = false;
      const tell = (why: string) => {
        if (!told) listener(why);
        told = true;
      };
      child.once('exit', (code, signal) => tell(signal ? `killed by ${signal}` : `exited with code ${code}`));
      child.once('error', (err) => tell(`failed: ${err.message}`));
    },
    kill: () => {
      child.kill('SIGKILL');
    },
    get pid() {
      return child.pid;
    },
  };
}
