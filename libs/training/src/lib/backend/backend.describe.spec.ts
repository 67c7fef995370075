import { describe, expect, it } from 'vitest';
import { describeBackendSelection } from './backend.describe';

describe(describeBackendSelection.name, () => {
  it('names the backend, its TensorFlow and devices, and why faster ones were skipped', () => {
    const line = describeBackendSelection({
      backend: {
        name: 'node',
        tfBackend: 'tensorflow',
        package: '@tensorflow/tfjs-node',
        version: '4.22.0',
        tensorflowVersion: '2.21.0',
        devices: ['CPU:0'],
        gpu: false,
      },
      overridden: false,
      skipped: [{ name: 'node-gpu', reason: 'no tfjs-node-gpu binding was provisioned' }],
    });
    expect(line).toBe(
      'training backend node (@tensorflow/tfjs-node@4.22.0, TensorFlow 2.21.0, devices CPU:0; ' +
        'fastest available); skipped node-gpu: no tfjs-node-gpu binding was provisioned',
    );
  });
});
