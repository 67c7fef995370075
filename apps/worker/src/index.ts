// What the CLI's `morphsweep worker` runs (the worker's own process entry is main.ts).
export { runWorker, acceleratorQueue } from './run-worker';
export { loadWorkerConfig, parseQueues, AUTO_QUEUES } from './worker.config';
