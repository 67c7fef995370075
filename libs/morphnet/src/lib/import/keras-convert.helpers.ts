// Types and helpers every Keras layer converter shares.
import type { NetworkDescriptionInput } from '../format/network.schema';

/** One layer of our format, before defaults. */
export type LayerInput = NetworkDescriptionInput['layers'][number];

/** What a converter may do: emit our layers (returning their name) or report a problem. */
export interface ConvertContext {
  /** Our names of the layer's inputs (after mapping). */
  readonly inputs: readonly string[];
  /** Their shapes without the batch axis. */
  readonly shapes: readonly (readonly number[])[];
  /** Appends `layer` (its `name` made unique) and returns the name given. */
  emit(layer: LayerInput): string;
  /** A fresh name derived from the Keras layer's. */
  readonly name: string;
}

/** Converts one Keras layer: returns the name of the layer holding its output, or a reason. */
export type LayerConverter = (
  config: Record<string, unknown>,
  ctx: ConvertContext,
) => string | Problem;

/** Why a layer or one of its fields cannot be imported. */
export interface Problem {
  readonly field: string;
  readonly reason: string;
}

/** A {@link Problem} of `field`. */
export const problem = (field: string, reason: string): Problem => ({ field, reason });
/** Whether a converter's result is a {@link Problem} rather than a layer name. */
export const isProblem = (v: unknown): v is Problem =>
  typeof v === 'object' && v !== null && 'reason' in v;

/** Keras' int-or-pair window fields (`kernel_size`, `strides`, …) as a pair, if they are one. */
export const pair = (v: unknown): [number, number] | undefined => {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number'))
    return [v[0] as number, v[1] as number];
  return undefined;
};

/** A square window as one number (how the zoo writes it), else the pair. */
export const compact = (p: [number, number]): number | [number, number] =>
  p[0] === p[1] ? p[0] : p;

const SIMPLE_ACTIVATIONS = ['sigmoid', 'tanh', 'elu'] as const;

/** The activation's name: Keras 3 may write built-ins as a serialized function object. */
function activationName(v: unknown): string {
  if (v === undefined || v === null) return 'linear';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && 'config' in v && typeof v.config === 'string') return v.config;
  return JSON.stringify(v);
}

/** Emits the activation `act` after `x` (nothing for linear); a problem if we have no such op. */
export function applyActivation(
  act: unknown,
  x: string,
  ctx: ConvertContext,
  layer = `${ctx.name}_${activationName(act)}`,
): string | Problem {
  const name = activationName(act);
  if (name === 'linear') return x;
  if (name === 'relu' || name === 'relu6' || name === 'softmax')
    return ctx.emit({ name: layer, op: name, inputs: [x] });
  if ((SIMPLE_ACTIVATIONS as readonly string[]).includes(name))
    return ctx.emit({
      name: layer,
      op: 'activation',
      inputs: [x],
      activation: name as (typeof SIMPLE_ACTIVATIONS)[number],
    });
  return problem(
    'activation',
    `activation "${name}" has no op in our format (relu, relu6, sigmoid, tanh, elu, softmax, linear)`,
  );
}

/** Emits `layer`, then its fused `activation` (Keras' `activation` field), if any. */
export function withActivation(c: Record<string, unknown>, ctx: ConvertContext, layer: LayerInput) {
  return applyActivation(c['activation'], ctx.emit(layer), ctx);
}
