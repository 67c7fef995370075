import type { Command } from '../command';

/**
 * A `morphsweep` sub-command as `morphsweep help` lists it; its module is loaded only when it
 * runs, so `morphsweep sweep list` does not load TensorFlow.js for `learn`.
 */
export interface CommandEntry {
  readonly name: string;
  /** One line for `morphsweep help`. */
  readonly summary: string;
  load(): Promise<Command>;
}

/** Every `morphsweep` sub-command, in the order `morphsweep help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'up',
    summary:
      'Run MorphSweep on this machine (Temporal, Postgres, artifacts, API + dashboard, a worker) until Ctrl-C',
    load: async () => (await import('./up.command.js')).upCommand,
  },
  {
    name: 'worker',
    summary: 'join a deployment as a worker (training queue of this machine’s accelerator)',
    load: async () => (await import('./worker.command.js')).workerCommand,
  },
  {
    name: 'sweep',
    summary: 'submit, list, watch, resume or cancel sweeps on a running API',
    load: async () => (await import('./sweep.command.js')).sweepCommand,
  },
  {
    name: 'run',
    summary: "promote a run to retraining, or export a run's structure or a retrained model",
    load: async () => (await import('./run.command.js')).runCommand,
  },
  {
    name: 'cost',
    summary: 'MorphNet cost (FLOPs, size, latency, …) of a network, per op',
    load: async () => (await import('./cost.command.js')).costCommand,
  },
  {
    name: 'learn',
    summary: 'learn a structure with MorphNet (train with the regularizer, write the structure)',
    load: async () => (await import('./learn.command.js')).learnCommand,
  },
  {
    name: 'retrain',
    summary: 'retrain a learned structure (or a width-multiplier baseline) from scratch',
    load: async () => (await import('./retrain.command.js')).retrainCommand,
  },
  {
    name: 'import',
    summary: 'convert a Keras or TF.js layers model JSON into a network description',
    load: async () => (await import('./import.command.js')).importCommand,
  },
  {
    name: 'export',
    summary: 'write a checkpoint of a network as a TF.js layers model (model.json + weights)',
    load: async () => (await import('./export.command.js')).exportCommand,
  },
];
