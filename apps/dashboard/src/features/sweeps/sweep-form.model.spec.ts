import { describe, expect, it } from 'vitest';
import { DEFAULT_FORM, issuesAt, toSpec, validateForm } from './sweep-form.model';

describe('sweep form', () => {
  it('turns the default preset into a spec the API schema accepts', () => {
    expect(validateForm(DEFAULT_FORM)).toEqual([]);
    expect(toSpec(DEFAULT_FORM)).toMatchObject({
      seedNetwork: 'fmnist-cnn',
      grid: { strengths: { logRange: [1e-8, 1e-6], count: 3 }, thresholds: [0.01, 0.1] },
      retrain: { policy: 'manual' },
    });
  });

  it('reports each bad field at its own path, as the API would', () => {
    const issues = validateForm({ ...DEFAULT_FORM, strengthMode: 'list', strengthList: '1e-7, -2', thresholds: '', steps: 'ten' });
    expect(issuesAt(issues, 'grid.strengths')).not.toEqual([]);
    expect(issuesAt(issues, 'grid.thresholds')).not.toEqual([]);
    expect(issuesAt(issues, 'budget.steps')).not.toEqual([]);
    expect(issuesAt(issues, 'name')).toEqual([]);
  });

  it('asks for hardware only with the latency resource', () => {
    expect(issuesAt(validateForm({ ...DEFAULT_FORM, resource: 'latency' }), 'morphnet')).not.toEqual([]);
    expect(toSpec({ ...DEFAULT_FORM, resource: 'flops', hardware: 'H100' }).morphnet).toEqual({ family: 'gamma', resource: 'flops' });
  });
});
