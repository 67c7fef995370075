import type { MorphnetFamily } from '@morphsweep/contracts';
import type { TensorSource } from '../graph/tensor-source';
import type { ProbGatingOptions } from '../regularizers/prob-gating.regularizer';
import type { RegularizerDecorator } from '../regularizers/scaling.decorator';
import { BatchNormSourceOpHandler } from './batch-norm-source.handler';
import { ConcatOpHandler } from './concat.handler';
import { DepthwiseConvolutionOpHandler } from './depthwise.handler';
import { GroupLassoSourceOpHandler } from './group-lasso-source.handler';
import { GroupingOpHandler } from './grouping.handler';
import { LeafOpHandler } from './leaf.handler';
import { LogisticSigmoidSourceOpHandler } from './logistic-sigmoid-source.handler';
import { HandlerRegistry, type OpHandler } from './op-handler';
import { OpHandlerDecorator } from './op-handler.decorator';
import { OutputNonPassthroughOpHandler } from './output-non-passthrough.handler';

/** The three MorphNet algorithm families. */
export type RegularizerFamily = MorphnetFamily;

/**
 * The registry shared by every family (docs/morphnet.md §4.10): concat, depthwise, leaf and
 * resize ops.
 */
export function baseHandlerRegistry(): HandlerRegistry {
  const onp = new OutputNonPassthroughOpHandler();
  const leaf = new LeafOpHandler();
  const resize = new GroupingOpHandler([0]);
  return new HandlerRegistry(
    [
      ['ConcatV2', new ConcatOpHandler()],
      ['DepthwiseConv2dNative', new DepthwiseConvolutionOpHandler()],
      ...(['DepthToSpace', 'ExpandDims', 'Transpose'] as const).map((t) => [t, onp] as const),
      ...(
        [
          'RandomUniform',
          'Reshape',
          'Shape',
          'SpaceToDepth',
          'StridedSlice',
          'TensorArrayGatherV3',
        ] as const
      ).map((t) => [t, leaf] as const),
      ...(['ResizeArea', 'ResizeBicubic', 'ResizeBilinear', 'ResizeNearestNeighbor'] as const).map(
        (t) => [t, resize] as const,
      ),
    ],
    new GroupingOpHandler(),
  );
}

/** Algorithm parameters of {@link familyHandlerRegistry}. */
export interface FamilyOptions extends ProbGatingOptions {
  /** Gamma / group-lasso alive threshold (strict `>`). */
  readonly threshold: number;
  /** Group-lasso L1 fraction in [0,1] [0]. */
  readonly l1Fraction?: number;
  /** Wraps every source regularizer. */
  readonly decorator?: RegularizerDecorator;
  /** The group-lasso activation-count regularizer leaves Conv3D out (a reference detail). */
  readonly omitConv3dSource?: boolean;
}

/**
 * The handler registry of one family (docs/morphnet.md §4.10), reading parameters from `tensors`.
 */
export function familyHandlerRegistry(
  family: RegularizerFamily,
  tensors: TensorSource,
  options: FamilyOptions,
): HandlerRegistry {
  const wrap = (h: OpHandler): OpHandler =>
    options.decorator ? new OpHandlerDecorator(h, options.decorator) : h;
  const onp = new OutputNonPassthroughOpHandler();
  const convs = ['Conv2D', 'Conv3D', 'MatMul', 'Conv2DBackpropInput'].map((t) => [t, onp] as const);
  switch (family) {
    case 'gamma': {
      const bn = wrap(new BatchNormSourceOpHandler(tensors, options.threshold));
      return baseHandlerRegistry().with([
        ...convs,
        ...['FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3'].map((t) => [t, bn] as const),
      ]);
    }
    case 'logistic-sigmoid':
      return baseHandlerRegistry().with([
        ...convs,
        ['LogisticSigmoidGating', wrap(new LogisticSigmoidSourceOpHandler(tensors, options))],
      ]);
    case 'group-lasso': {
      const source = wrap(
        new GroupLassoSourceOpHandler(tensors, options.threshold, options.l1Fraction ?? 0),
      );
      const types = options.omitConv3dSource
        ? ['Conv2D', 'MatMul', 'Conv2DBackpropInput']
        : ['Conv2D', 'Conv3D', 'MatMul', 'Conv2DBackpropInput'];
      return baseHandlerRegistry().with(types.map((t) => [t, source] as const));
    }
  }
}
