// Light entry of @morphsweep/training (`@morphsweep/training/checkpoints`): the checkpoint
// file format alone, for processes that read checkpoints without training (the API's model
// export). It loads no TensorFlow.js backend: importing the main entry registers the wasm
// backend, which then has to be initialised before any tensor op of that process.
export {
  CHECKPOINT_MAGIC,
  encodeCheckpoint,
  decodeCheckpoint,
  type CheckpointData,
  type CheckpointTensor,
} from './lib/loop/checkpoint.codec';
