import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Test } from '@nestjs/testing';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { API_CONFIG, loadApiConfig } from '../config/api.config';
import { TEMPORAL_CONNECTION, TemporalModule } from './temporal.module';

/** The options the API's Temporal module connects with, from `env` (lazy: nothing is dialled). */
async function connectionFor(env: Record<string, string>): Promise<ConnectionOptions> {
  const lazy = vi.spyOn(Connection, 'lazy');
  lazy.mockClear();
  const config = loadApiConfig({ DATABASE_URL: 'postgresql://unused', ...env });
  const configModule = {
    module: class ConfigModule {},
    global: true,
    providers: [{ provide: API_CONFIG, useValue: config }],
    exports: [API_CONFIG],
  };
  const module = await Test.createTestingModule({
    imports: [configModule, TemporalModule],
  }).compile();
  expect(module.get(TEMPORAL_CONNECTION)).toBeInstanceOf(Connection);
  expect(lazy).toHaveBeenCalledOnce();
  return lazy.mock.calls[0]?.[0] ?? {};
}

describe('the API connection to Temporal', () => {
  afterEach(() => vi.restoreAllMocks());

  it('uses the same TLS files and API key as the worker (Temporal Cloud, private CA)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'api-tls-'));
    writeFileSync(path.join(dir, 'ca.pem'), '-----ca-----');
    const cloud = await connectionFor({
      TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
      TEMPORAL_API_KEY: 'secret-key',
      TEMPORAL_TLS_CA: path.join(dir, 'ca.pem'),
    });
    expect(cloud).toMatchObject({ address: 'ns.acct.tmprl.cloud:7233', apiKey: 'secret-key' });
    const tls = cloud.tls as { serverRootCACertificate?: Buffer };
    expect(tls.serverRootCACertificate?.toString()).toBe('-----ca-----');

    const plain = await connectionFor({ TEMPORAL_ADDRESS: '127.0.0.1:7233' });
    expect(plain).toEqual({ address: '127.0.0.1:7233' });
  });

  it('refuses to boot on a TLS file it cannot read, naming its variable', async () => {
    await expect(connectionFor({ TEMPORAL_TLS_CA: '/nonexistent/ca.pem' })).rejects.toThrow(
      /TEMPORAL_TLS_CA: cannot read "\/nonexistent\/ca.pem"/,
    );
  });

  it('names a lone client certificate in the configuration error', () => {
    expect(() =>
      loadApiConfig({ DATABASE_URL: 'postgresql://unused', TEMPORAL_TLS_CERT: '/c.pem' }),
    ).toThrow(/TEMPORAL_TLS_KEY: the client certificate and key go together/);
  });
});
