// Generates the Prisma client offline (run by `npm install` and `npm run prisma:generate`).
// `prisma generate` only checks that a schema-engine binary exists before it starts, and
// would otherwise try to download one; generating the client never runs that engine, so
// any existing file satisfies the check. A user's own PRISMA_SCHEMA_ENGINE_BINARY wins.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const env = {
  ...process.env,
  CHECKPOINT_DISABLE: '1',
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
};
const prismaCli = require.resolve('prisma/build/index.js');
const result = spawnSync(process.execPath, [prismaCli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
