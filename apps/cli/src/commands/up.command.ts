import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { consoleLog, dataDir } from '@morphsweep/devstack';
import type { Command } from '../command';
import { loadLocalStackConfig } from '../local-stack/local-stack.config';
import { startLocalStack } from '../local-stack/local-stack';

/** `morphsweep up`: the whole product on this machine, until Ctrl-C. */
export const upCommand: Command = {
  name: 'up',
  usage: `Usage: morphsweep up

Starts a Temporal dev server, an embedded Postgres and a local artifact store (unless
TEMPORAL_ADDRESS, DATABASE_URL or ARTIFACTS_URL point at existing ones), applies database
migrations, starts the API (which serves the dashboard) and one worker serving every task
queue, and prints the dashboard URL. A worker that exits (killed, out of memory) is restarted
with backoff. Ctrl-C stops everything it started, also during start-up; the data stays in
MORPHSWEEP_DATA_DIR (default .data/) for the next start.

Environment: MORPHSWEEP_DATA_DIR, TEMPORAL_ADDRESS, TEMPORAL_PORT (7233), TEMPORAL_UI_PORT (8233),
DATABASE_URL, POSTGRES_PORT (5433), ARTIFACTS_URL, S3_ENDPOINT, S3_REGION, API_HOST (127.0.0.1),
API_PORT (3000). See docs/configuration.md.`,
  async run() {
    const config = loadLocalStackConfig(process.env, dataDir());
    mkdirSync(path.join(config.dataDir, 'logs'), { recursive: true });
    // Installed before anything starts: Ctrl-C during start-up stops what was started so far
    // (the default handler would exit at once, leaving the servers running).
    const stopping = new AbortController();
    const signalled = new Promise<string>((resolve) => {
      for (const name of ['SIGINT', 'SIGTERM'] as const) {
        process.once(name, () => {
          stopping.abort(new Error(`${name} during start-up`));
          resolve(name);
        });
      }
    });
    const started = Date.now();
    let stack;
    try {
      stack = await startLocalStack(config, consoleLog, stopping.signal);
    } catch (error) {
      if (!stopping.signal.aborted) throw error;
      consoleLog(`stopped during start-up (${await signalled}); nothing left running`);
      return 0;
    }
    consoleLog(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (stack.temporalUiUrl) consoleLog(`Temporal UI: ${stack.temporalUiUrl}`);
    consoleLog(`API health: ${stack.apiUrl}/api/health`);
    console.log(`\nMorphSweep is running at ${stack.apiUrl}\nPress Ctrl-C to stop.\n`);

    const signal = await Promise.race([signalled, stack.failed]);
    consoleLog(`stopping (${signal})…`);
    await stack.stop();
    consoleLog('stopped; data kept in ' + config.dataDir);
    return signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1;
  },
};
