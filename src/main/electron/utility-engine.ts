/**
 * The engine process as Electron starts it: `utilityProcess.fork` of the same module
 * tests and the E2E harness start with child_process.fork (src/main/engine/engine-link.ts).
 * Messages are structured clones, so typed arrays arrive as typed arrays.
 */
import { utilityProcess } from 'electron';
import type { EngineLink } from '../engine/engine-link';

export function utilityEngine(modulePath: string): EngineLink {
  const child = utilityProcess.fork(modulePath, [], { serviceName: 'ekyc-engine', stdio: 'inherit' });
  return {
    send: (call) => child.postMessage(call),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(`exited with code ${code}`)),
    kill: () => {
      child.kill();
    },
    get pid() {
      return child.pid;
    },
  };
}
