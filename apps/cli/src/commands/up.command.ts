import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { consoleLog, dataDir } from '@morphsweep/devstack';
import type { Command } from '../command';
import { loadLocalStackConfig } from '../local-stack/local-stack.config';
import { startLocalStack } from '../local-stack/local-stack';

/** `morphsweep up`: the whole product on this machine, until Ctrl-C. */
export const upCommand: Command = {
  name: 'up',
  summary:
    'Run MorphSweep on this machine (Temporal, Postgres, artifacts, API + dashboard, a worker) until Ctrl-C',
  usage: `Usage: morphsweep up

Starts a Temporal dev server, an embedded Postgres and a local artifact store (unless
TEMPORAL_ADDRESS, DATABASE_URL or ARTIFACTS_URL point at existing ones), applies database
migrations, starts the API (which serves the dashboard) and one worker serving every task
queue, and prints the dashboard URL. Ctrl-C stops everything it started; the
data stays in MORPHSWEEP_DATA_DIR (default .data/) for the next start.

Environment: MORPHSWEEP_DATA_DIR, TEMPORAL_ADDRESS, TEMPORAL_PORT (7233), TEMPORAL_UI_PORT (8233),
DATABASE_URL, POSTGRES_PORT (5433), ARTIFACTS_URL, S3_ENDPOINT, S3_REGION, API_HOST (127.0.0.1),
API_PORT (3000). See docs/configuration.md.`,
  async run() {
    const config = loadLocalStackConfig(process.env, dataDir());
    mkdirSync(path.join(config.dataDir, 'logs'), { recursive: true });
    const started = Date.now();
    const stack = await startLocalStack(config, consoleLog);
    consoleLog(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (stack.temporalUiUrl) consoleLog(`Temporal UI: ${stack.temporalUiUrl}`);
    consoleLog(`API health: ${stack.apiUrl}/api/health`);
    console.log(`\nMorphSweep is running at ${stack.apiUrl}\nPress Ctrl-C to stop.\n`);

    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
      void stack.failed.then(resolve);
    });
    consoleLog(`stopping (${signal})…`);
    await stack.stop();
    consoleLog('stopped; data kept in ' + config.dataDir);
    return signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1;
  },
};
