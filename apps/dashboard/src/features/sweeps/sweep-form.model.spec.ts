import { describe, expect, it } from 'vitest';
import {
  DEFAULT_FORM,
  issuesAt,
  parseDescriptionFile,
  registeredChoice,
  toSpec,
  validateForm,
} from './sweep-form.model';

describe('sweep form', () => {
  it('turns the default preset into a spec the API schema accepts', () => {
    expect(validateForm(DEFAULT_FORM)).toEqual([]);
    expect(toSpec(DEFAULT_FORM)).toMatchObject({
      seedNetwork: 'fmnist-cnn',
      grid: { strengths: { logRange: [1e-8, 1e-6], count: 3 }, thresholds: [0.01, 0.1] },
      retrain: { policy: 'manual', baseline: true },
    });
  });

  it('sends a registered dataset by name, keeping subset and validation fields', () => {
    const form = {
      ...DEFAULT_FORM,
      datasetKind: registeredChoice('cifar-small'),
      subsetSize: '500',
    };
    expect(toSpec(form).dataset).toEqual({
      kind: 'registered',
      dataset: 'cifar-small',
      subsetSize: 500,
    });
    expect(validateForm(form)).toEqual([]);
    expect(toSpec(DEFAULT_FORM).dataset).toEqual({ kind: 'fashion-mnist', subsetSize: 6000 });
  });

  it('reports each bad field at its own path, as the API would', () => {
    const issues = validateForm({
      ...DEFAULT_FORM,
      strengthMode: 'list',
      strengthList: '1e-7, -2',
      thresholds: '',
      steps: 'ten',
    });
    expect(issuesAt(issues, 'grid.strengths')).not.toEqual([]);
    expect(issuesAt(issues, 'grid.thresholds')).not.toEqual([]);
    expect(issuesAt(issues, 'budget.steps')).not.toEqual([]);
    expect(issuesAt(issues, 'name')).toEqual([]);
  });

  it('asks for hardware only with the latency resource', () => {
    expect(
      issuesAt(validateForm({ ...DEFAULT_FORM, resource: 'latency' }), 'morphnet'),
    ).not.toEqual([]);
    expect(toSpec({ ...DEFAULT_FORM, resource: 'flops', hardware: 'H100' }).morphnet).toEqual({
      family: 'gamma',
      resource: 'flops',
    });
  });

  it('sends an uploaded description as the seed network, and asks for one until chosen', () => {
    const description = {
      format: 'morphsweep-network/v1',
      name: 'mine',
      inputs: [],
      layers: [],
      outputs: [],
    };
    const upload = { ...DEFAULT_FORM, seedSource: 'upload' as const };
    expect(issuesAt(validateForm(upload), 'seedNetwork')).not.toEqual([]);
    expect(toSpec({ ...upload, seedDescription: description }).seedNetwork).toBe(description);
    expect(
      issuesAt(validateForm({ ...upload, seedDescription: description }), 'seedNetwork'),
    ).toEqual([]);
  });

  it('reads a description file, naming what is wrong with a bad one', () => {
    expect(parseDescriptionFile('{"name": "x"}')).toEqual({ ok: true, description: { name: 'x' } });
    expect(parseDescriptionFile('{"name": ')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^not JSON/),
    });
    expect(parseDescriptionFile('[1, 2]')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/JSON object/),
    });
  });

  it('carries the optimizer, the validation split and the baseline request into the spec', () => {
    const spec = toSpec({
      ...DEFAULT_FORM,
      optimizer: 'momentum',
      validationFraction: '0.2',
      retrainPolicy: 'auto',
      baseline: true,
    });
    expect(spec.budget).toMatchObject({ optimizer: 'momentum' });
    expect(spec.dataset).toMatchObject({ validationFraction: 0.2 });
    expect(spec.retrain).toEqual({ policy: 'auto', topK: 3, baseline: true, seeds: 1 });
    expect(toSpec({ ...DEFAULT_FORM, retrainSeeds: '3' }).retrain).toMatchObject({
      policy: 'manual',
      seeds: 3,
    });
    expect(
      issuesAt(validateForm({ ...DEFAULT_FORM, retrainSeeds: '11' }), 'retrain.seeds'),
    ).not.toEqual([]);
    expect(toSpec({ ...DEFAULT_FORM, retrainPolicy: 'none', baseline: true }).retrain).toEqual({
      policy: 'none',
    });
    expect(toSpec({ ...DEFAULT_FORM, retrainSteps: '900' }).retrain).toMatchObject({
      policy: 'manual',
      budget: { steps: 900, batchSize: 64 },
    });
    expect(
      issuesAt(validateForm({ ...DEFAULT_FORM, retrainSteps: '-1' }), 'retrain.budget.steps'),
    ).not.toEqual([]);
    const byEpochs = toSpec({ ...DEFAULT_FORM, retrainEpochs: '30' }).retrain;
    expect(byEpochs).toMatchObject({ budget: { epochs: 30, batchSize: 64 } });
    expect(byEpochs).not.toHaveProperty('budget.steps');
    expect(
      issuesAt(
        validateForm({ ...DEFAULT_FORM, retrainSteps: '900', retrainEpochs: '3' }),
        'retrain.budget.steps',
      ),
    ).not.toEqual([]);
    expect(
      issuesAt(
        validateForm({ ...DEFAULT_FORM, validationFraction: '1.5' }),
        'dataset.validationFraction',
      ),
    ).not.toEqual([]);
  });
});
