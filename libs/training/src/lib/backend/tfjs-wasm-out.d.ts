// The Emscripten pthread worker that @tensorflow/tfjs-backend-wasm ships as a string export
// (no typings of its own). Read by wasm-threads.backend.ts.
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
