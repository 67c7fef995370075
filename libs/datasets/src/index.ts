// Public API of @morphsweep/datasets: datasets registered by URI — reading them through the
// artifact store in their formats (IDX, CIFAR binary, NumPy .npy/.npz, image folders), and the
// cached tensor file every format is decoded into once, which training reads image by image.
export { DatasetError, type DatasetErrorCode } from './lib/datasets.error';
export { openSourceFiles, type SourceFiles } from './lib/source-files';
export { decodeSource } from './lib/decode-source';
export type { DecodedDataset, DecodedSplit } from './lib/decoded-dataset';
export { parseIdx, type IdxArray } from './lib/formats/idx';
export { parseNpy, type NpyArray, type NpyDtype } from './lib/formats/npy';
export {
  TENSOR_FILE_MAGIC,
  TensorFile,
  verifyTensorFile,
  writeTensorFile,
  type TensorFileHeader,
  type TensorSplitHeader,
  type TensorSplitSource,
  type WrittenTensorFile,
} from './lib/tensor-file';
export {
  DATASET_CACHE_DIR_ENV_VAR,
  datasetCacheDir,
  importDataset,
  materializeDataset,
  tensorFilePath,
  type DatasetCacheOptions,
  type DatasetSource,
} from './lib/dataset-cache';
