import * as tf from '@tensorflow/tfjs-core';
import { OPTIMIZERS, type OptimizerName } from '@morphsweep/contracts';
import { TrainingError } from '../training.error';

/** Hyper-parameters other than the learning rate (Keras defaults). */
export interface OptimizerOptions {
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  readonly momentum?: number;
  /** Nesterov momentum (momentum only): `w ← w − lr·(g + μ·v)` after `v ← μ·v + g`. */
  readonly nesterov?: boolean;
  /**
   * L2 weight decay λ ≥ 0 (default 0), added to the gradient — `g ← g + λ·w` — before the
   * update, as in the classic SGD recipes (coupled: with Adam this is L2, not AdamW).
   */
  readonly weightDecay?: number;
  /**
   * Which variables weight decay applies to (`decayed[i]` for `variables[i]`; default all).
   * Retraining decays kernels only, never batch-norm scales and shifts or biases.
   */
  readonly decayed?: readonly boolean[];
}

/** One optimizer slot, for checkpoints: `<variable index>/<slot>` and its tensor. */
export interface OptimizerSlot {
  readonly name: string;
  readonly tensor: tf.Variable;
}

/**
 * SGD, momentum SGD and Adam with fully explicit state, so a checkpoint can capture and restore
 * it exactly (tfjs' own optimizers keep Adam's β-powers in float32 variables that `setWeights`
 * recomputes differently, and key slots by global variable names). State: one or two float32
 * slots per variable, created as zeros up front (the tensor count never grows during training),
 * and the integer `iterations`; Adam's bias corrections `1 − βᵗ` are computed in float64 from
 * `iterations`, so they are identical after a resume.
 *
 * - sgd: `w ← w − lr·g`
 * - momentum: `v ← μ·v + g; w ← w − lr·v` (Nesterov: `w ← w − lr·(g + μ·v)`, no extra slot)
 * - adam: `m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − lr·(m/(1−β₁ᵗ)) / (√(v/(1−β₂ᵗ)) + ε)`
 *
 * With `weightDecay` λ, a decayed variable's gradient is `g + λ·w` in each of them (L2).
 * `learningRate` may be changed between steps (schedules).
 */
export class SlotOptimizer {
  /** Steps applied so far. */
  iterations = 0;
  private readonly slots: tf.Variable[][];
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly momentum: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;
  private readonly decayed: readonly boolean[] | undefined;

  constructor(
    readonly kind: OptimizerName,
    readonly variables: readonly tf.Variable[],
    public learningRate: number,
    options: OptimizerOptions = {},
  ) {
    if (!(OPTIMIZERS as readonly string[]).includes(kind))
      throw new TrainingError('INVALID_ARGUMENT', `unknown optimizer "${kind}"`);
    if (!(learningRate > 0))
      throw new TrainingError('INVALID_ARGUMENT', `learning rate must be > 0, got ${learningRate}`);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.momentum = options.momentum ?? 0.9;
    this.nesterov = options.nesterov ?? false;
    this.weightDecay = options.weightDecay ?? 0;
    this.decayed = options.decayed;
    this.check(kind);
    const perVariable = kind === 'adam' ? 2 : kind === 'momentum' ? 1 : 0;
    this.slots = variables.map((v) =>
      Array.from({ length: perVariable }, () => tf.tidy(() => tf.variable(tf.zerosLike(v), false))),
    );
  }

  private check(kind: OptimizerName): void {
    const bad = (why: string) => new TrainingError('INVALID_ARGUMENT', why);
    if (!(this.momentum >= 0 && this.momentum < 1))
      throw bad(`momentum must be in [0, 1), got ${this.momentum}`);
    if (this.nesterov && kind !== 'momentum')
      throw bad(`nesterov needs the momentum optimizer, not ${kind}`);
    if (!(this.weightDecay >= 0 && Number.isFinite(this.weightDecay)))
      throw bad(`weight decay must be a finite number ≥ 0, got ${this.weightDecay}`);
    if (this.decayed && this.decayed.length !== this.variables.length)
      throw bad(`decayed has ${this.decayed.length} flags for ${this.variables.length} variables`);
  }

  /** Slot names per variable. */
  private get slotNames(): readonly string[] {
    return this.kind === 'adam' ? ['m', 'v'] : this.kind === 'momentum' ? ['velocity'] : [];
  }

  /**
   * Applies one step. `grads[i]` is the gradient of `variables[i]`, or undefined when the loss
   * does not depend on it (the variable and its slots are left unchanged).
   */
  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    const t = this.iterations + 1;
    const lr = this.learningRate;
    tf.tidy(() => {
      this.variables.forEach((w, i) => {
        const raw = grads[i];
        if (!raw) return;
        const g =
          this.weightDecay > 0 && (this.decayed?.[i] ?? true)
            ? tf.add(raw, tf.mul(w, this.weightDecay))
            : raw;
        const slots = this.slots[i] as tf.Variable[];
        if (this.kind === 'sgd') {
          w.assign(tf.sub(w, tf.mul(g, lr)));
        } else if (this.kind === 'momentum') {
          const v = slots[0] as tf.Variable;
          v.assign(tf.add(tf.mul(v, this.momentum), g));
          const direction = this.nesterov ? tf.add(g, tf.mul(v, this.momentum)) : v;
          w.assign(tf.sub(w, tf.mul(direction, lr)));
        } else {
          const [m, v] = slots as [tf.Variable, tf.Variable];
          m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
          v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
          const mHat = tf.div(m, 1 - this.beta1 ** t);
          const vHat = tf.div(v, 1 - this.beta2 ** t);
          w.assign(tf.sub(w, tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), lr)));
        }
      });
    });
    this.iterations = t;
  }

  /** Every slot, named `<variable index>/<slot>`, in a fixed order. */
  slotTensors(): OptimizerSlot[] {
    return this.slots.flatMap((slots, i) =>
      slots.map((tensor, j) => ({ name: `${i}/${this.slotNames[j]}`, tensor })),
    );
  }

  /** Restores slots (by name, as from {@link slotTensors}) and the iteration count. */
  restore(iterations: number, values: ReadonlyMap<string, Float32Array>): void {
    for (const { name, tensor } of this.slotTensors()) {
      const value = values.get(name);
      if (!value || value.length !== tensor.size) {
        throw new TrainingError(
          'CHECKPOINT_MISMATCH',
          `optimizer slot ${name}: expected ${tensor.size} values, got ${value?.length ?? 'none'}`,
        );
      }
      tf.tidy(() => tensor.assign(tf.tensor(value, tensor.shape)));
    }
    this.iterations = iterations;
  }

  dispose(): void {
    this.slots.flat().forEach((v) => v.dispose());
  }
}
