import type { Command } from '../command';
import { costCommand } from './cost.command';
import { upCommand } from './up.command';

/** Every `morphsweep` sub-command, in the order `morphsweep help` lists them. */
export const COMMANDS: readonly Command[] = [upCommand, costCommand];
