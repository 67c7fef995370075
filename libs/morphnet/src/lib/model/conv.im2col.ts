import * as tf from '@tensorflow/tfjs-core';
import { convLength } from '../format/layer.shapes';

// tfjs' cpu backend computes conv filter gradients with naive loops (seconds per step) and the
// wasm backend has no Conv2DBackpropFilter kernel at all; expressing convolutions as
// patch extraction + matMul keeps training fast on every backend with identical values.

/** Patches of `x` for a kh×kw window: `kh·kw` tensors [N, oh, ow, C] in (row, col) order. */
function patches(
  x: tf.Tensor4D,
  kernel: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D[] {
  const [n, h, w, c] = x.shape;
  const [kh, kw] = kernel;
  const [sh, sw] = strides;
  const oh = convLength(h, kh, sh, padding);
  const ow = convLength(w, kw, sw, padding);
  // TF SAME padding puts the extra row/column at the bottom/right; more zero rows/columns
  // beyond that only make the strided reshape below possible and are never read.
  const ph = padding === 'same' ? Math.max((oh - 1) * sh + kh - h, 0) : 0;
  const pw = padding === 'same' ? Math.max((ow - 1) * sw + kw - w, 0) : 0;
  const top = Math.floor(ph / 2);
  const left = Math.floor(pw / 2);
  const bottom = Math.max(kh - 1 + oh * sh - h - top, ph - top);
  const right = Math.max(kw - 1 + ow * sw - w - left, pw - left);
  const xp = tf.pad(x, [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ]);
  const out: tf.Tensor4D[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      // StridedSlice has no gradient in tfjs: take a dense window and keep every s-th row/column.
      const window = tf.slice(xp, [0, i, j, 0], [n, oh * sh, ow * sw, c]);
      const strided =
        sh === 1 && sw === 1
          ? window
          : tf.slice(
              tf.reshape(window, [n, oh, sh, ow, sw, c]),
              [0, 0, 0, 0, 0, 0],
              [n, oh, 1, ow, 1, c],
            );
      out.push(tf.reshape(strided, [n, oh, ow, c]) as tf.Tensor4D);
    }
  }
  return out;
}

/** conv2d (filter [kh, kw, in, out]) as im2col + matMul. */
export function conv2dByMatMul(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  const [kh, kw, cin, cout] = filter.shape;
  const ps = patches(x, [kh, kw], strides, padding);
  const [n, oh, ow] = (ps[0] as tf.Tensor4D).shape;
  const cols = ps.length === 1 ? (ps[0] as tf.Tensor4D) : tf.concat(ps, 3);
  const y = tf.matMul(
    tf.reshape(cols, [n * oh * ow, kh * kw * cin]),
    tf.reshape(filter, [kh * kw * cin, cout]),
  );
  return tf.reshape(y, [n, oh, ow, cout]);
}

/** Depthwise conv2d (filter [kh, kw, in, M], output channel c·M+m) as patches × filter. */
export function depthwiseConv2dByPatches(
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  const [kh, kw, c, m] = filter.shape;
  const stacked = tf.stack(patches(x, [kh, kw], strides, padding), 3); // [N, oh, ow, k, C]
  const [n, oh, ow] = stacked.shape as number[] as [number, number, number];
  if (m === 1) return tf.sum(tf.mul(stacked, tf.reshape(filter, [kh * kw, c])), 3) as tf.Tensor4D;
  const weights = tf.reshape(filter, [kh * kw, c, m]);
  const y = tf.sum(tf.mul(tf.expandDims(stacked, 5), weights), 3); // [N, oh, ow, C, M]
  return tf.reshape(y, [n, oh, ow, c * m]);
}
