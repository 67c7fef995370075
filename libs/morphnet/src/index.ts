// Public API of @morphsweep/morphnet: MorphNet (google-research/morph-net) on TensorFlow.js.
// Everything not listed here is internal.

// Regularization terms must be differentiable but tfjs-core registers no gradients by
// itself; the tfjs-layers bundle registers all of them (tfjs-core's own register module is
// ESM-only and cannot be required from CommonJS).
import '@tensorflow/tfjs-layers';

export { MorphnetError, type MorphnetErrorCode, type NetworkIssue } from './lib/errors';

// Network description format (docs/network-format.md)
export {
  NETWORK_FORMAT,
  networkSchema,
  layerSchema,
  type NetworkDescription,
  type NetworkDescriptionInput,
  type LayerDescription,
  type LayerOp,
} from './lib/format/network.schema';
export { parseNetwork, inferNetworkShapes, flattenValues } from './lib/format/network.parse';
export type { Shape } from './lib/format/layer.shapes';

// Op graph
export {
  OpGraph,
  opSize,
  type OpNode,
  type OpInput,
  type OpAttrs,
  type TensorShape,
} from './lib/graph/op-graph';
export { buildOpGraph, type GraphMode } from './lib/graph/op-graph.builder';
export type { TensorSource } from './lib/graph/tensor-source';

// Model
export {
  MorphModel,
  buildModel,
  type ApplyOptions,
  type ModelOptions,
} from './lib/model/morph-model';
export { resolveConvolutionMode, type ConvolutionMode } from './lib/model/conv.select';
export { countParameters } from './lib/model/parameter.count';
export {
  BATCH_NORM_TRAINING_KERNEL,
  batchNormTraining,
  type BatchNormTrainingResult,
} from './lib/model/batch-norm.training';

// Grouping
export {
  OpRegularizerManager,
  type OpRegularizerManagerOptions,
  type ManagerDiagnostic,
} from './lib/manager/op-regularizer.manager';
export { OpGroup, type OpSlice } from './lib/manager/op-slice';
export { getAlignedSizes } from './lib/manager/aligned-sizes';
export { HandlerRegistry, type OpHandler } from './lib/handlers/op-handler';
export { GroupingOpHandler } from './lib/handlers/grouping.handler';
export { OutputNonPassthroughOpHandler } from './lib/handlers/output-non-passthrough.handler';
export { LeafOpHandler } from './lib/handlers/leaf.handler';
export { ConcatOpHandler } from './lib/handlers/concat.handler';
export { DepthwiseConvolutionOpHandler } from './lib/handlers/depthwise.handler';
export { BatchNormSourceOpHandler } from './lib/handlers/batch-norm-source.handler';
export { LogisticSigmoidSourceOpHandler } from './lib/handlers/logistic-sigmoid-source.handler';
export { GroupLassoSourceOpHandler } from './lib/handlers/group-lasso-source.handler';
export { OpHandlerDecorator } from './lib/handlers/op-handler.decorator';
export {
  baseHandlerRegistry,
  familyHandlerRegistry,
  type RegularizerFamily,
  type FamilyOptions,
} from './lib/handlers/handler-families';

// Op regularizers
export type { OpRegularizer, TensorGetter } from './lib/regularizers/op-regularizer';
export { GammaL1Regularizer } from './lib/regularizers/gamma-l1.regularizer';
export { GroupLassoRegularizer } from './lib/regularizers/group-lasso.regularizer';
export {
  ProbGatingRegularizer,
  type ProbGatingOptions,
} from './lib/regularizers/prob-gating.regularizer';
export { ConstantOpRegularizer } from './lib/regularizers/constant.regularizer';
export {
  ConcatRegularizer,
  SlicingReferenceRegularizer,
} from './lib/regularizers/concat.regularizer';
export {
  MaxGroupingRegularizer,
  L2GroupingRegularizer,
  ProbabilisticGroupingRegularizer,
  type GroupingRegularizerFactory,
} from './lib/regularizers/grouping.regularizer';
export { scaleRegularizer, type RegularizerDecorator } from './lib/regularizers/scaling.decorator';

// Costs
export { CostCalculator, type OpCost, type RegularizerSource } from './lib/cost/cost-calculator';
export {
  flopFunction,
  modelSizeFunction,
  activationCountFunction,
  memoryFunction,
  latencyFunction,
  flopCoefficient,
  type ResourceFunction,
  type LinearCost,
} from './lib/cost/resource.functions';
export {
  REFERENCE_HARDWARE,
  MODERN_HARDWARE,
  HARDWARE_PROFILES,
  HOST_CPU,
  resolveHardware,
  measureHostCpuProfile,
  type HardwareProfile,
} from './lib/cost/hardware.profiles';
export { SUPPORTED_COST_OPS } from './lib/cost/op-shapes';
export { resourceFunctionOf } from './lib/cost/resource-function.of';

// Network regularizers
export {
  NetworkRegularizer,
  createNetworkRegularizer,
  type NetworkRegularizerOptions,
  type ResourceName,
  type GroupingKind,
} from './lib/network/network.regularizer';

// Structures
export {
  StructureExporter,
  removeCommonPrefix,
  formatAliveCounts,
  aliveCountsPath,
  EXPORTED_OP_TYPES,
} from './lib/structure/structure.exporter';
export {
  applyStructure,
  exportedWidths,
  vanishedLayers,
  scaleWidths,
  type ApplyStructureOptions,
  type StructureFallback,
} from './lib/structure/apply-structure';
export { fullWidthCost, widthMultiplierForCost } from './lib/structure/width-multiplier';

// Importing Keras / TF.js layers models
export {
  importKerasModel,
  type KerasImport,
  type KerasImportOptions,
} from './lib/import/keras.import';
export { weightsManifestOf, type WeightsGroup } from './lib/import/tfjs-weights.read';

// Exporting TF.js layers models (docs/network-format.md, "Exporting TF.js layers models")
export {
  exportTfjsLayersModel,
  DEFAULT_SHARD_NAME,
  type TfjsLayersExport,
  type TfjsLayersExportOptions,
  type TfjsLayersModelJson,
} from './lib/export/tfjs-layers.export';
export { foldGates, gateInferenceMask } from './lib/export/gate.fold';

// Seed-network zoo
export { ZOO_NETWORKS, SMALL_ZOO_NETWORKS, zooNetwork } from './lib/zoo/seed-zoo';
export { NetworkBuilder, addGates } from './lib/zoo/network.builder';
