import type { Command } from '../command';

/** `morphsweep up`: the whole local stack (filled in by the devstack work). */
export const upCommand: Command = {
  name: 'up',
  summary: 'Run MorphSweep locally: Temporal, Postgres, artifacts, API',
  usage: 'Usage: morphsweep up',
  async run() {
    return 0;
  },
};
