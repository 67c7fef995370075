/**
 * The padding that makes a stride-1-or-more forward convolution compute one axis of a
 * convolution gradient, plus the slice to keep when the exact padding would be negative.
 *
 * A forward convolution produces output `r` from inputs `r * stride - padBefore + j * dilation`
 * for kernel taps `j`. A gradient needs output `i` to read from `i * stride - trueBefore + …`,
 * where `trueBefore` may be negative; XNNPACK only takes padding ≥ 0, so we skip `offset` leading
 * outputs (whole strides) and pad by what remains, and drop trailing extras, with a slice.
 */
export interface ConvWindow {
  readonly padBefore: number;
  readonly padAfter: number;
  /** Outputs to skip at the start; `needSlice` is true when any output must be dropped. */
  readonly offset: number;
  readonly outputLength: number;
  /** How many outputs the gradient keeps (from `offset`). */
  readonly needed: number;
  readonly needSlice: boolean;
}

/** Inputs to {@link convWindow}: one spatial axis of the forward convolution to run. */
export interface ConvWindowSpec {
  readonly inputLength: number;
  readonly kernelLength: number;
  readonly stride: number;
  readonly dilation: number;
  /** The padding the maths asks for before the input (may be negative). */
  readonly trueBefore: number;
  /** How many outputs the gradient needs. */
  readonly needed: number;
}

/** Computes the {@link ConvWindow} for one axis; pure arithmetic. */
export function convWindow(spec: ConvWindowSpec): ConvWindow {
  const { inputLength, kernelLength, stride, dilation, trueBefore, needed } = spec;
  // Skip whole strides of output so that output `offset` lines up with gradient index 0.
  const offset = trueBefore >= 0 ? 0 : Math.ceil(-trueBefore / stride);
  const padBefore = trueBefore + offset * stride;
  const effectiveKernel = (kernelLength - 1) * dilation + 1;
  const padAfter = Math.max(
    0,
    (offset + needed - 1) * stride + effectiveKernel - inputLength - padBefore,
  );
  const outputLength =
    Math.floor((inputLength + padBefore + padAfter - effectiveKernel) / stride) + 1;
  return {
    padBefore,
    padAfter,
    offset,
    outputLength,
    needed,
    needSlice: offset > 0 || outputLength !== needed,
  };
}
