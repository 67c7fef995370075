import type {
  AcceleratorClass,
  DatasetKind,
  MorphnetFamily,
  OptimizerName,
  TargetResource,
} from '@morphsweep/contracts';

// What the submit form's selects show for each word of the contracts' vocabulary, in the
// order they are offered. Typed as complete records: a value added to the vocabulary fails
// the typecheck here until it has a label.
export const DATASET_LABELS: Record<DatasetKind, string> = {
  'fashion-mnist': 'Fashion-MNIST',
  synthetic: 'Synthetic (demo)',
};

export const FAMILY_LABELS: Record<MorphnetFamily, string> = {
  gamma: 'gamma (BatchNorm γ)',
  'group-lasso': 'group lasso',
  'logistic-sigmoid': 'logistic-sigmoid (FiGS gates)',
};

export const RESOURCE_LABELS: Record<TargetResource, string> = {
  flops: 'FLOPs',
  'model-size': 'model size',
  latency: 'latency',
};

export const OPTIMIZER_LABELS: Record<OptimizerName, string> = {
  adam: 'Adam',
  momentum: 'SGD with momentum',
  sgd: 'SGD',
};

export const ACCELERATOR_LABELS: Record<AcceleratorClass, string> = {
  any: 'any',
  cpu: 'CPU',
  gpu: 'GPU',
};

/** `<option>`s for a label record, in its order. */
export function optionsOf(labels: Record<string, string>) {
  return Object.entries(labels).map(([value, label]) => (
    <option key={value} value={value}>
      {label}
    </option>
  ));
}
