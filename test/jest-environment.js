// Jest runs tests in a separate V8 realm, whose typed-array constructors are not the ones
// onnxruntime-node's native binding checks against ("A float32 tensor's data must be type
// of Float32Array"). Sharing the host's typed arrays lets the real models run under jest.
const { TestEnvironment } = require('jest-environment-node');

// onnxruntime-node's native telemetry (1DS) must be off before the library loads in this
// worker, as src/main/vision/ort-environment.ts does for the app: a test importing
// onnxruntime-node another way would otherwise write ~/.cache/Microsoft/... and resolve
// Microsoft's event host (docs/security.md).
process.env.ORT_DISABLE_TELEMETRY = '1';

// A global looked up in a hot loop (Math.floor per pixel, say) costs about 100 times a module
// constant in this vm context: 6 million Math.floor calls took 1.4 s here, 11 ms in plain Node.
// So the per-pixel loops that tests run in-process take Math's functions as module constants.
class SharedTypedArrayEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of ['Float32Array', 'Float64Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array', 'BigInt64Array', 'BigUint64Array', 'ArrayBuffer', 'DataView']) {
      this.global[name] = globalThis[name];
    }
  }
}

module.exports = SharedTypedArrayEnvironment;
