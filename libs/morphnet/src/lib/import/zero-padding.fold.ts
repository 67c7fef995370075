/** `[[top, bottom], [left, right]]` of a Keras `ZeroPadding2D` config, or undefined. */
export function zeroPads(padding: unknown): [[number, number], [number, number]] | undefined {
  const side = (v: unknown): [number, number] | undefined =>
    typeof v === 'number'
      ? [v, v]
      : Array.isArray(v) && v.length === 2 && v.every((d) => typeof d === 'number')
        ? [v[0] as number, v[1] as number]
        : undefined;
  if (typeof padding === 'number') return [side(padding)!, side(padding)!];
  if (!Array.isArray(padding) || padding.length !== 2) return undefined;
  // [a, b] pads a rows on both sides and b columns on both sides.
  if (padding.every((d) => typeof d === 'number')) return [side(padding[0])!, side(padding[1])!];
  const rows = side(padding[0]);
  const cols = side(padding[1]);
  return rows && cols ? [rows, cols] : undefined;
}

/** TF's `same` padding of one spatial axis: `[before, after]`. */
export function samePads(size: number, kernel: number, stride: number): [number, number] {
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/**
 * Whether zero padding `pads` of an `[H, W, C]` input followed by a `valid` convolution with
 * this kernel and stride is exactly that convolution with TF's `same` padding (same output
 * size, same alignment): the only explicit padding our format can express.
 */
export function paddingIsSame(
  pads: [[number, number], [number, number]],
  shape: readonly number[],
  kernel: [number, number],
  strides: [number, number],
): boolean {
  return [0, 1].every((axis) => {
    const want = samePads(shape[axis]!, kernel[axis]!, strides[axis]!);
    return pads[axis]![0] === want[0] && pads[axis]![1] === want[1];
  });
}
