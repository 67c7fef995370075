import { concatAxis, parameterShapes, type Shape } from '../format/layer.shapes';
import { inferNetworkShapes } from '../format/network.parse';
import type { LayerDescription, NetworkDescription } from '../format/network.schema';
import { OpGraph, type OpInput, type OpNode, type TensorShape } from './op-graph';

/** Training graphs contain the gates' sampling op (a MorphNet source); inference graphs do not. */
export type GraphMode = 'training' | 'inference';

const ACTIVATION_TYPES = {
  relu: 'Relu',
  relu6: 'Relu6',
  sigmoid: 'Sigmoid',
  tanh: 'Tanh',
  elu: 'Elu',
  softmax: 'Softmax',
  linear: 'Identity',
} as const;

class GraphWriter {
  readonly ops: OpNode[] = [];

  add(
    name: string,
    type: string,
    inputs: readonly OpInput[],
    shape: TensorShape,
    layer: string,
    extra = {},
  ): OpInput {
    const op: OpNode = { name, type, inputs, outputShapes: [shape], attrs: { layer, ...extra } };
    this.ops.push(op);
    return { op, index: 0 };
  }

  variable(layer: string, param: string, shape: readonly number[]): OpInput {
    return this.add(`${layer}/${param}`, 'VariableV2', [], shape, layer, {
      variable: `${layer}/${param}`,
    });
  }

  constant(
    name: string,
    layer: string,
    value: readonly number[],
    shape: readonly number[],
  ): OpInput {
    return this.add(name, 'Const', [], shape, layer, { value });
  }
}

/**
 * Expands a network description into the op graph MorphNet analyses (docs/morphnet.md §2.2):
 * one node per primitive TF op, named `<layer>/<op>`, with variables as `VariableV2` nodes
 * keyed `<layer>/<param>`. Throws `MorphnetError('INVALID_NETWORK')` for an inconsistent
 * description.
 */
export function buildOpGraph(net: NetworkDescription, mode: GraphMode = 'training'): OpGraph {
  const shapes = inferNetworkShapes(net);
  const w = new GraphWriter();
  const outputOf = new Map<string, OpInput>();
  for (const input of net.inputs) {
    outputOf.set(
      input.name,
      w.add(input.name, 'Placeholder', [], [null, ...input.shape], input.name),
    );
  }
  for (const layer of net.layers) {
    const ins = layer.inputs.map((n) => outputOf.get(n) as OpInput);
    const inShape = shapes.get(layer.inputs[0] ?? '') ?? [];
    const outShape: TensorShape = [null, ...(shapes.get(layer.name) ?? [])];
    outputOf.set(layer.name, expandLayer(w, layer, ins, inShape, outShape, mode));
  }
  return new OpGraph(
    w.ops,
    net.outputs.map((o) => (outputOf.get(o) as OpInput).op),
  );
}

function withBias(
  w: GraphWriter,
  l: { name: string; useBias: boolean },
  x: OpInput,
  shape: TensorShape,
): OpInput {
  if (!l.useBias) return x;
  const bias = w.variable(l.name, 'bias', [shape[shape.length - 1] ?? 0]);
  return w.add(`${l.name}/BiasAdd`, 'BiasAdd', [x, bias], shape, l.name);
}

function expandLayer(
  w: GraphWriter,
  l: LayerDescription,
  ins: OpInput[],
  inShape: Shape,
  out: TensorShape,
  mode: GraphMode,
): OpInput {
  const x = ins[0] as OpInput;
  const n = l.name;
  const params = parameterShapes(l, inShape);
  const v = (p: string): OpInput => w.variable(n, p, params[p] ?? []);
  switch (l.op) {
    case 'conv2d':
      return withBias(w, l, w.add(`${n}/Conv2D`, 'Conv2D', [x, v('kernel')], out, n), out);
    case 'depthwiseConv2d':
      return withBias(
        w,
        l,
        w.add(`${n}/depthwise`, 'DepthwiseConv2dNative', [x, v('depthwiseKernel')], out, n),
        out,
      );
    case 'separableConv2d': {
      const c = (inShape[inShape.length - 1] ?? 0) * l.depthMultiplier;
      const dw = w.add(
        `${n}/separable_conv2d/depthwise`,
        'DepthwiseConv2dNative',
        [x, v('depthwiseKernel')],
        [...out.slice(0, -1), c],
        n,
      );
      return withBias(
        w,
        l,
        w.add(`${n}/separable_conv2d`, 'Conv2D', [dw, v('pointwiseKernel')], out, n),
        out,
      );
    }
    case 'conv2dTranspose': {
      const outputShape = w.constant(
        `${n}/conv2d_transpose/output_shape`,
        n,
        [-1, ...out.slice(1).map(Number)],
        [4],
      );
      const op = w.add(
        `${n}/conv2d_transpose`,
        'Conv2DBackpropInput',
        [outputShape, v('kernel'), x],
        out,
        n,
      );
      return withBias(w, l, op, out);
    }
    case 'dense':
      return withBias(
        w,
        l,
        w.add(`${n}/MatMul`, 'MatMul', [x, v('kernel')], out, n, {
          transposeA: false,
          transposeB: false,
        }),
        out,
      );
    case 'batchNorm':
      return batchNorm(w, l, x, out);
    case 'gate':
      return gate(w, l, x, out, mode);
    case 'relu':
      return w.add(`${n}/Relu`, 'Relu', [x], out, n);
    case 'relu6':
      return w.add(`${n}/Relu6`, 'Relu6', [x], out, n);
    case 'activation': {
      const type = ACTIVATION_TYPES[l.activation];
      return w.add(`${n}/${type}`, type, [x], out, n);
    }
    case 'softmax':
      return w.add(`${n}/Softmax`, 'Softmax', [x], out, n);
    case 'add':
      return ins.length === 2
        ? w.add(`${n}/AddV2`, 'AddV2', ins, out, n)
        : w.add(`${n}/AddN`, 'AddN', ins, out, n);
    case 'multiply':
      return ins
        .slice(1)
        .reduce(
          (acc, y, i) => w.add(`${n}/Mul${i === 0 ? '' : `_${i}`}`, 'Mul', [acc, y], out, n),
          x,
        );
    case 'concat': {
      const axis = w.constant(`${n}/axis`, n, [concatAxis(l.axis, out.length)], []);
      return w.add(`${n}/ConcatV2`, 'ConcatV2', [...ins, axis], out, n);
    }
    case 'maxPool':
      return w.add(`${n}/MaxPool`, 'MaxPool', [x], out, n);
    case 'avgPool':
      return w.add(`${n}/AvgPool`, 'AvgPool', [x], out, n);
    case 'globalAvgPool':
      return w.add(
        `${n}/Mean`,
        'Mean',
        [x, w.constant(`${n}/reduction_indices`, n, [1, 2], [2])],
        out,
        n,
      );
    case 'flatten':
    case 'reshape': {
      const target = [-1, ...out.slice(1).map(Number)];
      return w.add(
        `${n}/Reshape`,
        'Reshape',
        [x, w.constant(`${n}/shape`, n, target, [target.length])],
        out,
        n,
      );
    }
    case 'dropout':
      return w.add(`${n}/Identity`, 'Identity', [x], out, n);
  }
}

function batchNorm(
  w: GraphWriter,
  l: Extract<LayerDescription, { op: 'batchNorm' }>,
  x: OpInput,
  out: TensorShape,
): OpInput {
  const n = l.name;
  const c = Number(out[out.length - 1]);
  // Without scale/center Keras feeds constants of ones/zeros to the fused kernel.
  const gamma = l.scale
    ? w.variable(n, 'gamma', [c])
    : w.constant(`${n}/gamma_const`, n, new Array<number>(c).fill(1), [c]);
  const beta = l.center
    ? w.variable(n, 'beta', [c])
    : w.constant(`${n}/beta_const`, n, new Array<number>(c).fill(0), [c]);
  const inputs = [
    x,
    gamma,
    beta,
    w.variable(n, 'movingMean', [c]),
    w.variable(n, 'movingVariance', [c]),
  ];
  return w.add(`${n}/FusedBatchNormV3`, 'FusedBatchNormV3', inputs, out, n);
}

function gate(
  w: GraphWriter,
  l: Extract<LayerDescription, { op: 'gate' }>,
  x: OpInput,
  out: TensorShape,
  mode: GraphMode,
): OpInput {
  const n = l.name;
  const c = Number(out[out.length - 1]);
  const logits = w.variable(n, 'logits', [c]);
  let mask: OpInput;
  if (mode === 'inference') {
    mask = w.add(`${n}/Sigmoid`, 'Sigmoid', [logits], [c], n);
  } else {
    const noise = w.add(`${n}/logistic_noise`, 'RandomUniform', [], [c], n);
    // τ = 0: the hard, gradient-free path creates no sampling op (docs/morphnet.md §2.3).
    mask =
      l.temperature > 0
        ? w.add(
            `${n}/LogisticSigmoidGating`,
            'LogisticSigmoidGating',
            [logits, noise, w.constant(`${n}/temperature`, n, [l.temperature], [])],
            [c],
            n,
          )
        : w.add(`${n}/Greater`, 'Greater', [logits, noise], [c], n);
  }
  if (l.keepFirstChannelAlive)
    mask = w.add(`${n}/Maximum`, 'Maximum', [mask, firstChannel(w, n, c)], [c], n);
  return w.add(`${n}/Mul`, 'Mul', [mask, x], out, n);
}

/**
 * The keep-first-channel mask [1, 0, …, 0] of a gate, built as the reference gate builds it
 * (docs/morphnet.md §2.3): a `ConcatV2` along axis 0 of a `Fill` of one 1 and a `Fill` of
 * c − 1 zeros. The fills are not constants, so the concat is analysed (it joins the gate's
 * group, slicing it into [1, c − 1]) and the cost calculator charges its memory traffic.
 */
function firstChannel(w: GraphWriter, n: string, c: number): OpInput {
  const fill = (name: string, size: number, value: number): OpInput =>
    w.add(
      `${n}/${name}`,
      'Fill',
      [
        w.constant(`${n}/${name}/shape`, n, [size], [1]),
        w.constant(`${n}/${name}/value`, n, [value], []),
      ],
      [size],
      n,
    );
  const axis = w.constant(`${n}/concat/axis`, n, [0], []);
  return w.add(
    `${n}/concat`,
    'ConcatV2',
    [fill('ones', 1, 1), fill('zeros', c - 1, 0), axis],
    [c],
    n,
  );
}
