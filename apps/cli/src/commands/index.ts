import type { Command } from '../command';
import { costCommand } from './cost.command';
import { exportCommand } from './export.command';
import { importCommand } from './import.command';
import { learnCommand } from './learn.command';
import { retrainCommand } from './retrain.command';
import { runCommand } from './run.command';
import { sweepCommand } from './sweep.command';
import { upCommand } from './up.command';
import { workerCommand } from './worker.command';

/** Every `morphsweep` sub-command, in the order `morphsweep help` lists them. */
export const COMMANDS: readonly Command[] = [
  upCommand,
  workerCommand,
  sweepCommand,
  runCommand,
  costCommand,
  learnCommand,
  retrainCommand,
  importCommand,
  exportCommand,
];
