import {
  parseSweepSpec,
  type AcceleratorClass,
  type DatasetKind,
  type MorphnetFamily,
  type OptimizerName,
  type SpecIssue,
  type SweepSpecInput,
  type TargetResource,
} from '@morphsweep/contracts';

/** The dataset select's value: a built-in kind or {@link registeredChoice} of a dataset's name. */
export type DatasetChoice = DatasetKind | `registered:${string}`;

/** The select value that picks the registered dataset `name`. */
export function registeredChoice(name: string): DatasetChoice {
  return `registered:${name}`;
}

/** The submit form's fields, as the user edits them (strings where the user types). */
export interface SweepForm {
  name: string;
  /** Where the seed network comes from: a zoo name, or a description file the user uploaded. */
  seedSource: 'zoo' | 'upload';
  seedNetwork: string;
  /** The uploaded description (parsed JSON), or null before a file was chosen. */
  seedDescription: Record<string, unknown> | null;
  /** A built-in kind, or `registered:<name>` for a dataset registered through the API. */
  datasetKind: DatasetChoice;
  subsetSize: string;
  validationFraction: string;
  family: MorphnetFamily;
  resource: TargetResource;
  hardware: string;
  strengthMode: 'logRange' | 'list';
  strengthLo: string;
  strengthHi: string;
  strengthCount: string;
  strengthList: string;
  thresholds: string;
  steps: string;
  batchSize: string;
  optimizer: OptimizerName;
  learningRate: string;
  evalInterval: string;
  checkpointInterval: string;
  concurrency: string;
  accelerator: AcceleratorClass;
  retrainPolicy: 'none' | 'manual' | 'auto';
  topK: string;
  /** Steps of each retraining; blank retrains with the sweep's own budget. */
  retrainSteps: string;
  /** Epochs of each retraining instead of steps (the retrain budget takes one of the two). */
  retrainEpochs: string;
  /** Also retrain the width-multiplier baseline at each retrained structure's cost. */
  baseline: boolean;
  /** Retrainings from scratch, each with its own seed, of every retrained structure (1–10). */
  retrainSeeds: string;
  seed: string;
}

/** The default small preset: quick on a CPU, meaningful on Fashion-MNIST. */
export const DEFAULT_FORM: SweepForm = {
  name: 'fmnist-cnn flops sweep',
  seedSource: 'zoo',
  seedNetwork: 'fmnist-cnn',
  seedDescription: null,
  datasetKind: 'fashion-mnist',
  subsetSize: '6000',
  validationFraction: '',
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
  optimizer: 'adam',
  learningRate: '0.01',
  evalInterval: '50',
  checkpointInterval: '50',
  concurrency: '2',
  accelerator: 'any',
  retrainPolicy: 'manual',
  topK: '3',
  retrainSteps: '',
  retrainEpochs: '',
  // Retraining the seed scaled uniformly to the same cost is the yardstick a learned
  // structure has to beat; on by default so the chart always shows it.
  baseline: true,
  retrainSeeds: '1',
  seed: '0',
};

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));
const list = (s: string) =>
  s
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);

/** The spec the form describes, exactly as it will be POSTed. */
export function toSpec(f: SweepForm): SweepSpecInput {
  const budget = {
    steps: num(f.steps),
    batchSize: num(f.batchSize),
    optimizer: f.optimizer,
    learningRate: num(f.learningRate),
    evalInterval: num(f.evalInterval),
    checkpointInterval: num(f.checkpointInterval),
  };
  // Retraining gets its own budget only when the user asked for other steps than the sweep's,
  // or for epochs (then without the sweep's steps; both given, the schema says exactly one).
  const { steps: _steps, ...perStep } = budget;
  const retrainBudget =
    f.retrainSteps.trim() || f.retrainEpochs.trim()
      ? {
          budget: {
            ...perStep,
            ...(f.retrainSteps.trim() ? { steps: num(f.retrainSteps) } : {}),
            ...(f.retrainEpochs.trim() ? { epochs: num(f.retrainEpochs) } : {}),
          },
        }
      : {};
  return {
    name: f.name,
    // A missing upload stays undefined so the schema reports it at `seedNetwork`.
    seedNetwork: f.seedSource === 'upload' ? (f.seedDescription ?? undefined) : f.seedNetwork,
    dataset: {
      ...(f.datasetKind.startsWith('registered:')
        ? { kind: 'registered' as const, dataset: f.datasetKind.slice('registered:'.length) }
        : { kind: f.datasetKind as DatasetKind }),
      ...(f.subsetSize.trim() ? { subsetSize: num(f.subsetSize) } : {}),
      ...(f.validationFraction.trim() ? { validationFraction: num(f.validationFraction) } : {}),
    },
    morphnet: {
      family: f.family,
      resource: f.resource,
      ...(f.resource === 'latency' ? { hardware: f.hardware } : {}),
    },
    grid: {
      strengths:
        f.strengthMode === 'list'
          ? list(f.strengthList)
          : { logRange: [num(f.strengthLo), num(f.strengthHi)], count: num(f.strengthCount) },
      thresholds: list(f.thresholds),
    },
    budget,
    concurrency: num(f.concurrency),
    accelerator: f.accelerator,
    retrain:
      f.retrainPolicy === 'none'
        ? { policy: 'none' }
        : {
            ...retrainPolicy(f),
            baseline: f.baseline,
            seeds: num(f.retrainSeeds),
            ...retrainBudget,
          },
    seed: num(f.seed),
  } as SweepSpecInput;
}

function retrainPolicy(f: SweepForm) {
  return f.retrainPolicy === 'auto'
    ? { policy: 'auto' as const, topK: num(f.topK) }
    : { policy: 'manual' as const };
}

/** Issues of the form's spec under the API's own schema, keyed by dotted path. */
export function validateForm(f: SweepForm): SpecIssue[] {
  const result = parseSweepSpec(toSpec(f));
  return result.ok ? [] : result.issues;
}

/** Messages for the field at `path` (and anything below it). */
export function issuesAt(issues: readonly SpecIssue[], ...paths: string[]): string[] {
  return issues
    .filter((i) => paths.some((p) => i.path === p || i.path.startsWith(`${p}.`)))
    .map((i) => i.message);
}

/**
 * Reads an uploaded network description: JSON whose top level is an object. Its layers are
 * checked by the API (morphnet's parser) on submit; this only rejects what is not JSON.
 */
export function parseDescriptionFile(
  text: string,
): { ok: true; description: Record<string, unknown> } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      message: 'a network description is a JSON object (see docs/network-format.md)',
    };
  }
  return { ok: true, description: value as Record<string, unknown> };
}
