import type { KernelBackend, Tensor, TensorInfo } from '@tensorflow/tfjs-core';

/** The backend name tfjs-node(-gpu) registers. */
export const NATIVE_BACKEND = 'tensorflow';

/** One attribute of a TensorFlow eager op, as tfjs-node's binding takes it. */
export interface NativeOpAttr {
  readonly name: string;
  readonly type: number;
  readonly value: unknown;
}

/**
 * The part of tfjs-node's `NodeJSKernelBackend` our kernels use: running one TensorFlow op by
 * its TensorFlow name (not tfjs' kernel name) through the binding's `executeOp`.
 */
export interface NativeBackend extends KernelBackend {
  readonly binding: {
    readonly TF_ATTR_TYPE: number;
    readonly TF_ATTR_FLOAT: number;
    readonly TF_ATTR_BOOL: number;
    readonly TF_ATTR_STRING: number;
    readonly TF_FLOAT: number;
  };
  executeSingleOutput(op: string, attrs: NativeOpAttr[], inputs: TensorInfo[]): Tensor;
  executeMultipleOutputs(
    op: string,
    attrs: NativeOpAttr[],
    inputs: TensorInfo[],
    numOutputs: number,
  ): Tensor[];
}

/** The `T: float` attribute every float32 op takes. */
export function floatType(backend: NativeBackend, name = 'T'): NativeOpAttr {
  return { name, type: backend.binding.TF_ATTR_TYPE, value: backend.binding.TF_FLOAT };
}
