#!/usr/bin/env bash
# GPU check of the native TensorFlow engine, for a machine with an NVIDIA GPU (not run in CI).
# A few minutes once the CUDA wheels are downloaded (the first run pip-installs
# tensorflow[and-cuda]==2.21.0, several GB, into ~/.cache/morphsweep/tensorflow/cuda-2.21.0).
#   bench/gpu/check.sh            from the repository root, after `npm ci`
# Prints: the GPU (nvidia-smi), the devices TensorFlow sees, the reference bench on node-gpu
# against node (interleaved), and a 200-step Fashion-MNIST `learn` on node-gpu.
# Output goes to stdout and to $OUT/gpu-check.log when OUT is set.
# Needs: Node 20 + `npm ci` done, g++/make/python3 with venv, and pip able to reach PyPI — or a
# local wheelhouse of tensorflow[and-cuda]==2.21.0 and its NVIDIA cu12 wheels
# (PIP_NO_INDEX=1 PIP_FIND_LINKS=/path/to/wheels), ~4 GB: the lent H100/H200 machines of this
# workplace have no network, no TensorFlow and a 64 MiB carry limit, so this cannot run there
# as they are (2026-12-01). An existing CUDA TensorFlow can be named with MORPHSWEEP_TENSORFLOW.
set -uo pipefail
cd "$(dirname "$0")/../.."
log="${OUT:-/tmp}/gpu-check.log"
exec > >(tee "$log") 2>&1
step() { printf '\n=== %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }
started=$(date +%s)

step "GPU"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv || echo "nvidia-smi failed"
grep -m1 'model name' /proc/cpuinfo; nproc; uptime

step "provision the CUDA build (MORPHSWEEP_ACCELERATOR=gpu)"
export MORPHSWEEP_ACCELERATOR=gpu
npx tsx libs/devstack/src/tensorflow.main.ts
manifest="${MORPHSWEEP_CACHE_DIR:-$HOME/.cache/morphsweep}/tfjs-node/node-gpu.json"
if [ ! -f "$manifest" ]; then
  echo "no node-gpu binding was provisioned (see above); stopping"
  exit 1
fi
cat "$manifest"
python=$(node -p "require('$manifest').python")

step "devices TensorFlow (Python) sees"
"$python" -c 'import tensorflow as tf; print(tf.__version__, tf.test.is_built_with_cuda(), tf.config.list_physical_devices())'

step "devices the node-gpu binding sees"
npx tsx --conditions=@morphsweep/source -e "
import('./libs/training/src/lib/backend/select-backend').then(async ({ selectBackend }) => {
  const { describeBackendSelection } = await import('./libs/training/src/lib/backend/backend.describe');
  console.log(describeBackendSelection(await selectBackend()));
});"

step "reference bench: TF Keras graph vs node-gpu vs node (interleaved)"
# node and node-gpu register the same tfjs backend, so each runs in its own process, each
# interleaved with the Keras reference. Both bindings link the CUDA TensorFlow, which puts ops
# on the GPU whenever it sees one: `node` runs with the GPU hidden (CUDA_VISIBLE_DEVICES=).
timeout 300 npx tsx --conditions=@morphsweep/source bench/training/native-vs-keras.bench.ts \
  --engines=keras-graph,node-gpu,node-gpu+morphnet --rounds=6 --steps=5 || echo "bench node-gpu failed"
CUDA_VISIBLE_DEVICES= timeout 300 npx tsx --conditions=@morphsweep/source \
  bench/training/native-vs-keras.bench.ts --engines=keras-graph,node --rounds=6 --steps=5 ||
  echo "bench node failed"

step "200-step learn on node-gpu (Fashion-MNIST)"
timeout 600 npx tsx --conditions=@morphsweep/source apps/cli/src/main.ts learn \
  --network fmnist-cnn-gated --regularizer logistic-sigmoid --strength 1e-7 --steps 200 \
  --eval-interval 100 --backend node-gpu --out "${OUT:-/tmp}/gpu-learn" || echo "learn failed"

step "native specs with the GPU visible (op and network parity with cpu; TF32 off)"
# TensorFlow uses TF32 for float32 convolutions and matMul on Ampere and later by default,
# ~1e-3 relative error: off here, since the specs bound it at 1e-4.
(cd libs/training && NVIDIA_TF32_OVERRIDE=0 MORPHSWEEP_REQUIRE_NATIVE=1 timeout 300 \
  npx vitest run --project node) ||
  echo "native specs failed"

echo; echo "gpu check took $(( $(date +%s) - started )) s; log: $log"
