import {
  BUILT_IN_DATASET_SHAPES,
  REGISTERED_DATASET_KIND,
  type DatasetSpec,
  type SpecIssue,
} from '@morphsweep/contracts';
import { inferNetworkShapes, type NetworkDescription } from '@morphsweep/morphnet';

/** The images and classes a dataset gives a network: what its input and output must take. */
export interface DatasetShape {
  /** How issues name the dataset: `fashion-mnist`, `"cifar-small"` (a registered one). */
  readonly label: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
}

/**
 * The shape of a spec's dataset: a built-in's, or what the registered dataset was found to
 * hold. Undefined for a registered dataset that was never resolved (no database at hand).
 */
export function datasetShapeOf(dataset: DatasetSpec): DatasetShape | undefined {
  if (dataset.kind !== REGISTERED_DATASET_KIND)
    return { label: dataset.kind, ...BUILT_IN_DATASET_SHAPES[dataset.kind] };
  return dataset.resolved && { label: `"${dataset.resolved.name}"`, ...dataset.resolved };
}

/**
 * Whether `network` can train on `dataset`: one input of shape `[height, width, channels]`
 * and one output of `[numClasses]` values. Each mismatch is one issue on `seedNetwork`
 * naming both the network's shape and the dataset's; none when they fit.
 */
export function datasetFitIssues(network: NetworkDescription, dataset: DatasetShape): SpecIssue[] {
  const images = `${dataset.height}×${dataset.width}×${dataset.channels}`;
  const issues: SpecIssue[] = [];
  const issue = (message: string) => issues.push({ path: 'seedNetwork', message });
  const input = network.inputs[0];
  if (network.inputs.length !== 1 || input === undefined) {
    issue(
      `the seed network "${network.name}" has ${network.inputs.length} inputs; dataset ${dataset.label} gives one (${images} images)`,
    );
  } else if (input.shape.join('×') !== images) {
    issue(
      `the seed network "${network.name}" takes ${input.shape.join('×')} inputs, but dataset ${dataset.label} has ${images} images`,
    );
  }
  const shapes = inferNetworkShapes(network);
  const outputs = network.outputs.map((o) => shapes.get(o) ?? []);
  const out = outputs[0] ?? [];
  if (outputs.length !== 1 || out.length !== 1 || out[0] !== dataset.numClasses) {
    const has = outputs.map((s) => `[${s.join(', ')}]`).join(', ');
    issue(
      `the seed network "${network.name}" outputs ${has}, but dataset ${dataset.label} has ${dataset.numClasses} classes (an output of [${dataset.numClasses}])`,
    );
  }
  return issues;
}
