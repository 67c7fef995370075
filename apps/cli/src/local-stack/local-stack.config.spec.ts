import { describe, expect, it } from 'vitest';
import { loadLocalStackConfig } from './local-stack.config';

describe('loadLocalStackConfig', () => {
  it('defaults every port and puts the data directory where it is told', () => {
    const config = loadLocalStackConfig({}, '/work/.data');
    expect(config).toMatchObject({
      dataDir: '/work/.data',
      TEMPORAL_PORT: 7233,
      TEMPORAL_UI_PORT: 8233,
      POSTGRES_PORT: 5433,
      API_PORT: 3000,
      API_HOST: '127.0.0.1',
    });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(loadLocalStackConfig({ MORPHSWEEP_DATA_DIR: 'rel' }, '/x').dataDir).toMatch(/\/rel$/);
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadLocalStackConfig(
        { API_PORT: '70000', TEMPORAL_PORT: 'x', DATABASE_URL: 'mysql://db' },
        '/d',
      ),
    ).toThrow(/TEMPORAL_PORT[\s\S]*DATABASE_URL: must be a postgresql:\/\/ URL[\s\S]*API_PORT/);
  });
});
