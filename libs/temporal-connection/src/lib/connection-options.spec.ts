import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeTemporalSecurity, temporalConnectionOptions } from './connection-options';
import { checkTemporalSettings, temporalSettingsShape } from './temporal-settings';

/** The settings as an app's schema parses them (address default as the worker's). */
const parse = (env: Record<string, string>) =>
  z
    .object({ TEMPORAL_ADDRESS: z.string().default('localhost:7233'), ...temporalSettingsShape })
    .superRefine(checkTemporalSettings)
    .parse(env);

describe('the Temporal connection', () => {
  it('is plaintext by default and TLS with an API key, a CA or a client certificate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-tls-'));
    for (const name of ['ca.pem', 'client.pem', 'client.key'])
      writeFileSync(path.join(dir, name), `-----${name}-----`);

    const plain = parse({});
    expect(await temporalConnectionOptions(plain)).toEqual({ address: 'localhost:7233' });
    expect(describeTemporalSecurity(plain)).toBe('plaintext');

    const cloud = parse({ TEMPORAL_API_KEY: 'secret-key' });
    expect(await temporalConnectionOptions(cloud)).toMatchObject({
      apiKey: 'secret-key',
      tls: {},
    });
    expect(describeTemporalSecurity(cloud)).toBe('TLS + API key');

    const mtls = parse({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_TLS_CA: path.join(dir, 'ca.pem'),
      TEMPORAL_TLS_CERT: path.join(dir, 'client.pem'),
      TEMPORAL_TLS_KEY: path.join(dir, 'client.key'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal',
    });
    const options = await temporalConnectionOptions(mtls);
    expect(options.address).toBe('temporal.internal:7233');
    expect(options.tls?.serverNameOverride).toBe('temporal');
    expect(options.tls?.serverRootCACertificate?.toString()).toBe('-----ca.pem-----');
    expect(options.tls?.clientCertPair?.crt.toString()).toBe('-----client.pem-----');
    expect(options.tls?.clientCertPair?.key.toString()).toBe('-----client.key-----');
    expect(describeTemporalSecurity(mtls)).toBe('TLS + client certificate + private CA');
  });

  it('names the variable of a TLS file it cannot read', async () => {
    const settings = parse({
      TEMPORAL_TLS_CERT: '/nonexistent/client.pem',
      TEMPORAL_TLS_KEY: '/nonexistent/client.key',
    });
    await expect(temporalConnectionOptions(settings)).rejects.toThrow(
      /^TEMPORAL_TLS_CERT: cannot read "\/nonexistent\/client.pem"/,
    );
  });

  it('refuses a lone certificate and TLS switched off under an API key', () => {
    expect(() => parse({ TEMPORAL_TLS_CERT: '/c.pem' })).toThrow(
      /the client certificate and key go together/,
    );
    expect(() => parse({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toThrow(
      /is false, but TLS files or TEMPORAL_API_KEY are set/,
    );
    expect(() => parse({ TEMPORAL_TLS: 'yes' })).toThrow(/must be true or false/);
  });
});
