/**
 * Jest's node environment runs tests in their own realm, but onnxruntime-node's native
 * binding creates output arrays in Node's realm; `instanceof Float32Array` in
 * onnxruntime-common then fails and every model run throws. Tests that run real models use
 * this environment, which hands the test realm Node's own typed-array constructors.
 */
const { TestEnvironment } = require('jest-environment-node');

const SHARED_GLOBALS = [
  'ArrayBuffer', 'SharedArrayBuffer', 'DataView',
  'Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array',
  'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
];

class OnnxRealmEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED_GLOBALS) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRealmEnvironment;
