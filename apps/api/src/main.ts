import 'reflect-metadata';
import { loadApiConfig } from './config/api.config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadApiConfig();
  const app = await createApp(config);
  await app.listen(config.API_PORT, config.API_HOST);
  console.log(`MorphSweep API listening on ${await app.getUrl()}/api`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
