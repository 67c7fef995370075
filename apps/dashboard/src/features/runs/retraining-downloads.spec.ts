import { describe, expect, it } from 'vitest';
import { retrainingDownloads } from './retraining-downloads';

describe('retrainingDownloads', () => {
  it('offers model.json, the shard its manifest names and the network of a succeeded retraining', () => {
    expect(retrainingDownloads({ id: 'r1', status: 'SUCCEEDED' })).toEqual([
      { label: 'Download TF.js model', href: '/api/retrainings/r1/model', filename: 'model.json' },
      {
        label: 'weights',
        href: '/api/retrainings/r1/model.weights.bin',
        filename: 'model.weights.bin',
      },
      { label: 'network', href: '/api/retrainings/r1/network', filename: 'network-r1.json' },
    ]);
  });

  it('offers nothing before the retraining has succeeded', () => {
    for (const status of ['QUEUED', 'RUNNING', 'FAILED', 'CANCELLED'] as const)
      expect(retrainingDownloads({ id: 'r1', status })).toEqual([]);
  });
});
