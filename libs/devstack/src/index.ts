export {
  startEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './lib/embedded-postgres';
export { consoleLog, silentLog, type Log } from './lib/log';
export { spawnManaged, type ManagedProcess, type SpawnOptions } from './lib/managed-process';
export { cacheDir, dataDir, workspaceRoot } from './lib/paths';
export { assertPortFree, freePort, PortInUseError, waitFor, waitForPort } from './lib/ports';
export { startPostgresServer, type PostgresServer } from './lib/postgres-server';
export { startTestStack, type TestStackInfo, type TestStackOptions } from './lib/test-stack';
export { startSeaweedS3, type SeaweedS3, type SeaweedS3Options } from './lib/seaweedfs-server';
export {
  startTemporalServer,
  waitUntilServing,
  type TemporalServer,
  type TemporalServerOptions,
} from './lib/temporal-server';
export {
  buildTemporalCli,
  ensureWeed,
  findTemporalCli,
  TEMPORAL_CLI_MODULE,
  ToolUnavailableError,
} from './lib/tools';
export {
  ensureComposeCheck,
  ensureHelm,
  ensureInfraLinters,
  ensureInfraTools,
  HELM_MODULE,
  INFRA_PYTHON_PACKAGES,
  type InfraTools,
} from './lib/infra-tools';
export {
  readTfjsNodeManifest,
  tfjsNodeManifestPath,
  type TfjsNodeManifest,
  type TfjsNodePackage,
} from './lib/tfjs-node.manifest';
export { ensureSchemathesis, SCHEMATHESIS_VERSION } from './lib/schemathesis';
export { ensureOptuna, OPTUNA_PACKAGES } from './lib/optuna';
