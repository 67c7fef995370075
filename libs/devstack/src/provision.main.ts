// `npm run provision` (also run before `npm test`): makes sure the external programs the
// local stack and the integration tests need are installed, building them once with
// visible progress. Everything found is reported with its path.
import { buildTemporalCli, ensureWeed, findTemporalCli } from './lib/tools';
import { consoleLog } from './lib/log';
import { postgresBinDir } from './lib/postgres-server';
import { provisionNativeTensorflow } from './lib/native-tensorflow.provision';
import { ensureInfraTools } from './lib/infra-tools';
import { ensureSchemathesis } from './lib/schemathesis';

async function main(): Promise<void> {
  const temporal = findTemporalCli() ?? (await buildTemporalCli(consoleLog));
  consoleLog(`temporal CLI: ${temporal}`);
  consoleLog(`SeaweedFS:    ${await ensureWeed(consoleLog)}`);
  consoleLog(`PostgreSQL:   ${postgresBinDir()}`);
  const infra = await ensureInfraTools(consoleLog);
  consoleLog(`Helm:         ${infra.helm}`);
  consoleLog(`infra lint:   ${infra.hadolint}, ${infra.kubernetesValidate}, ${infra.composeCheck}`);
  consoleLog(`schemathesis: ${await ensureSchemathesis(consoleLog)}`);
  // Never fails the run: without TensorFlow, training falls back to wasm (it says why).
  await provisionNativeTensorflow(consoleLog);
}

main().catch((error: unknown) => {
  consoleLog(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
