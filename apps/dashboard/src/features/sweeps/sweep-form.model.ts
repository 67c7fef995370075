import { parseSweepSpec, type SpecIssue, type SweepSpecInput } from '@morphsweep/contracts';

/** The submit form's fields, as the user edits them (strings where the user types). */
export interface SweepForm {
  name: string;
  seedNetwork: string;
  datasetKind: 'synthetic' | 'fashion-mnist';
  subsetSize: string;
  family: 'gamma' | 'group-lasso' | 'logistic-sigmoid';
  resource: 'flops' | 'model-size' | 'latency';
  hardware: string;
  strengthMode: 'logRange' | 'list';
  strengthLo: string;
  strengthHi: string;
  strengthCount: string;
  strengthList: string;
  thresholds: string;
  steps: string;
  batchSize: string;
  learningRate: string;
  evalInterval: string;
  checkpointInterval: string;
  concurrency: string;
  accelerator: 'any' | 'cpu' | 'gpu';
  retrainPolicy: 'none' | 'manual' | 'auto';
  topK: string;
  seed: string;
}

/** The default small preset: quick on a CPU, meaningful on Fashion-MNIST. */
export const DEFAULT_FORM: SweepForm = {
  name: 'fmnist-cnn flops sweep',
  seedNetwork: 'fmnist-cnn',
  datasetKind: 'fashion-mnist',
  subsetSize: '6000',
  family: 'gamma',
  resource: 'flops',
  hardware: '',
  strengthMode: 'logRange',
  strengthLo: '1e-8',
  strengthHi: '1e-6',
  strengthCount: '3',
  strengthList: '',
  thresholds: '0.01, 0.1',
  steps: '300',
  batchSize: '64',
  learningRate: '0.01',
  evalInterval: '50',
  checkpointInterval: '50',
  concurrency: '2',
  accelerator: 'any',
  retrainPolicy: 'manual',
  topK: '3',
  seed: '0',
};

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
const list = (s: string) => s.split(/[\s,]+/).filter(Boolean).map(Number);

/** The spec the form describes, exactly as it will be POSTed. */
export function toSpec(f: SweepForm): SweepSpecInput {
  return {
    name: f.name,
    seedNetwork: f.seedNetwork,
    dataset: { kind: f.datasetKind, ...(f.subsetSize.trim() ? { subsetSize: num(f.subsetSize) } : {}) },
    morphnet: { family: f.family, resource: f.resource, ...(f.resource === 'latency' ? { hardware: f.hardware } : {}) },
    grid: {
      strengths:
        f.strengthMode === 'list'
          ? list(f.strengthList)
          : { logRange: [num(f.strengthLo), num(f.strengthHi)], count: num(f.strengthCount) },
      thresholds: list(f.thresholds),
    },
    budget: {
      steps: num(f.steps),
      batchSize: num(f.batchSize),
      learningRate: num(f.learningRate),
      evalInterval: num(f.evalInterval),
      checkpointInterval: num(f.checkpointInterval),
    },
    concurrency: num(f.concurrency),
    accelerator: f.accelerator,
    retrain: f.retrainPolicy === 'auto' ? { policy: 'auto', topK: num(f.topK) } : { policy: f.retrainPolicy },
    seed: num(f.seed),
  } as SweepSpecInput;
}

/** Issues of the form's spec under the API's own schema, keyed by dotted path. */
export function validateForm(f: SweepForm): SpecIssue[] {
  const result = parseSweepSpec(toSpec(f));
  return result.ok ? [] : result.issues;
}

/** Messages for the field at `path` (and anything below it). */
export function issuesAt(issues: readonly SpecIssue[], ...paths: string[]): string[] {
  return issues.filter((i) => paths.some((p) => i.path === p || i.path.startsWith(`${p}.`))).map((i) => i.message);
}
