import * as tf from '@tensorflow/tfjs-core';
import { MorphnetError } from '../errors';
import type { OpRegularizer } from './op-regularizer';

/** Combines the regularizers of a group's sources into one (docs/morphnet.md §5.7). */
export type GroupingRegularizerFactory = (members: readonly OpRegularizer[]) => OpRegularizer;

function checkMembers(members: readonly OpRegularizer[]): number {
  if (members.length < 2)
    throw new MorphnetError('INVALID_ARGUMENT', 'a grouping regularizer needs at least 2 members');
  return (members[0] as OpRegularizer).size;
}

const anyAlive = (members: readonly OpRegularizer[]): tf.Tensor1D =>
  tf.tidy(() => members.map((m) => m.aliveVector()).reduce((a, b) => tf.logicalOr(a, b)));

/** Max grouping: element-wise max (ties send the gradient to the first member), alive = OR. */
export class MaxGroupingRegularizer implements OpRegularizer {
  readonly size: number;
  constructor(private readonly members: readonly OpRegularizer[]) {
    this.size = checkMembers(members);
  }
  regularizationVector(): tf.Tensor1D {
    return this.members.map((m) => m.regularizationVector()).reduce((a, b) => tf.maximum(a, b));
  }
  aliveVector(): tf.Tensor1D {
    return anyAlive(this.members);
  }
}

/** L2 grouping: `sqrt(Σ rᵢ²)` (radicands used directly), alive = value > threshold [0.01]. */
export class L2GroupingRegularizer implements OpRegularizer {
  readonly size: number;
  constructor(
    private readonly members: readonly OpRegularizer[],
    private readonly threshold = 0.01,
  ) {
    this.size = checkMembers(members);
  }
  regularizationRadicand(): tf.Tensor1D {
    const squares = this.members.map(
      (m) => m.regularizationRadicand?.() ?? tf.square(m.regularizationVector()),
    );
    return tf.addN(squares);
  }
  regularizationVector(): tf.Tensor1D {
    return tf.sqrt(this.regularizationRadicand());
  }
  aliveVector(): tf.Tensor1D {
    return tf.tidy(() => tf.greater(this.regularizationVector(), this.threshold));
  }
}

/** Probabilistic grouping: `1 − Π(1 − rᵢ)`, alive = OR; every member must be probabilistic. */
export class ProbabilisticGroupingRegularizer implements OpRegularizer {
  readonly isProbabilistic = true;
  readonly size: number;
  constructor(private readonly members: readonly OpRegularizer[]) {
    this.size = checkMembers(members);
    if (!members.every((m) => m.isProbabilistic)) {
      throw new MorphnetError(
        'INVALID_ARGUMENT',
        'probabilistic grouping needs probabilistic members only',
      );
    }
  }
  regularizationVector(): tf.Tensor1D {
    const keep = this.members
      .map((m) => tf.sub(1, m.regularizationVector()))
      .reduce((a, b) => tf.mul(a, b));
    return tf.sub(1, keep);
  }
  aliveVector(): tf.Tensor1D {
    return anyAlive(this.members);
  }
}
