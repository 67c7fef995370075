import type { ResourceName } from '../network/network.regularizer';
import { resolveHardware, type HardwareProfile } from './hardware.profiles';
import {
  activationCountFunction,
  flopFunction,
  latencyFunction,
  memoryFunction,
  modelSizeFunction,
  type ResourceFunction,
} from './resource.functions';

/**
 * The resource function a resource name stands for (docs/morphnet.md §6): FLOPs, model size,
 * activation count, memory or latency at batch size `batch` (default 1). Latency needs
 * `hardware` (a profile name or a profile). The one place that maps names to functions: the
 * network regularizer, seed costs and retraining costs all go through it. Throws
 * `MorphnetError` (`UNKNOWN_HARDWARE`) for latency on missing or unknown hardware.
 */
export function resourceFunctionOf(
  resource: ResourceName,
  options: { readonly hardware?: string | HardwareProfile; readonly batch?: number } = {},
): ResourceFunction {
  const batch = options.batch ?? 1;
  switch (resource) {
    case 'flops':
      return flopFunction(batch);
    case 'model-size':
      return modelSizeFunction;
    case 'activations':
      return activationCountFunction;
    case 'memory':
      return memoryFunction(batch);
    case 'latency':
      return latencyFunction(resolveHardware(options.hardware), batch);
  }
}
