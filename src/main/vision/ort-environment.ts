/**
 * The process environment onnxruntime-node must find when its native library loads.
 * onnx-runtime.ts imports this module before onnxruntime-node, so the order is kept by the
 * compiled CommonJS requires (tsc emits imports in source order).
 *
 * ORT_DISABLE_TELEMETRY: the Linux build of onnxruntime-node 1.30 embeds Microsoft's 1DS
 * telemetry client. Without this variable, loading a model writes
 * ~/.cache/Microsoft/DeveloperTools/.onnxruntime/{deviceid,onnxruntime.db}, /tmp/.ses and
 * /tmp/mat-debug-PID.log, and about 9 s later resolves mobile.events.data.microsoft.com to
 * upload events. The station promises no network use and no files outside its own folders
 * (test/offline/ watches the process from outside with strace), so it is set
 * unconditionally, overriding any value inherited from the shell.
 */
process.env.ORT_DISABLE_TELEMETRY = '1';

export {};
