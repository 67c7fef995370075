// Peak memory of training batches streamed from a registered dataset's cached tensor file,
// by dataset size: what decides the largest dataset a worker handles in a given memory.
//   npx tsx bench/datasets/streaming-memory.bench.ts [--counts=4000000,16000000,32000000]
//     [--side=8] [--batches=300] [--batch=64] [--dir=/tmp/morphsweep-stream-bench]
// For each count it writes a generated tensor file (side×side×1 images, 10 classes; image size
// does not change the figure — only a batch's images are ever in memory), then, in a fresh
// child process, loads the dataset's splits as a training session does (materializeDataset:
// checksum verified; labels and split index maps in memory), runs `--batches` seeded batches
// through makeBatch (positioned reads), and reports the child's peak RSS. A line through the
// points gives bytes per image and the fixed part, and from them the largest dataset in 8 GiB.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensorFilePath, writeTensorFile } from '../../libs/datasets/src/index';

const args = new Map(
  process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=') as [string, string]),
);
const side = Number(args.get('side') ?? 8);
const batches = Number(args.get('batches') ?? 300);
const batch = Number(args.get('batch') ?? 64);
const dir = args.get('dir') ?? '/tmp/morphsweep-stream-bench';
const GIB = 2 ** 30;

async function child(count: number, checksum: string): Promise<void> {
  process.env['MORPHSWEEP_DATASET_CACHE_DIR'] = dir;
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  const { BatchCursor, loadDatasetSplits, makeBatch } =
    await import('../../libs/training/src/index');
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 20);
  const resolved = {
    id: '00000000-0000-4000-8000-000000000000',
    name: `bench-${count}`,
    uri: 'file:///nonexistent', // the cached file is there: nothing is decoded
    format: 'npy' as const,
    height: side,
    width: side,
    channels: 1,
    numClasses: 10,
    trainCount: count,
    testCount: 0,
    checksum,
  };
  const { train, validation } = await loadDatasetSplits(
    { kind: 'registered', dataset: resolved.name, resolved },
    1,
  );
  sample();
  const cursor = BatchCursor.create({ datasetSize: train.count, batchSize: batch, seed: 1 });
  for (let i = 0; i < batches; i++) {
    makeBatch(train, cursor.next().indices).dispose();
    if (i % 20 === 0) sample();
  }
  sample();
  clearInterval(timer);
  process.stdout.write(
    JSON.stringify({ count, train: train.count, validation: validation.count, peak }) + '\n',
  );
}

async function generate(count: number): Promise<string> {
  const size = side * side;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  // Chunks of 64K images written as they are made; every chunk holds the same pattern (the
  // bytes do not matter here, only that nothing holds the whole set).
  const per = 65_536;
  const pattern = Uint8Array.from({ length: per * size }, (_, i) => i % 251);
  function* images() {
    for (let start = 0; start < count; start += per)
      yield pattern.subarray(0, Math.min(per, count - start) * size);
  }
  const temp = path.join(dir, `incoming-${count}.mstensor`);
  const written = await writeTensorFile(
    temp,
    { height: side, width: side, channels: 1, dtype: 'uint8' },
    [{ name: 'train', count, labels, images: images() }],
  );
  await rename(temp, tensorFilePath(dir, written.checksum));
  return written.checksum;
}

async function main(): Promise<void> {
  if (args.has('child')) return child(Number(args.get('child')), args.get('checksum')!);
  const counts = (args.get('counts') ?? '4000000,16000000,32000000').split(',').map(Number);
  mkdirSync(dir, { recursive: true });
  const cpu = execFileSync('lscpu', { encoding: 'utf8' })
    .match(/Model name:\s*(.+)/)?.[1]
    ?.trim();
  console.log(
    `CPU: ${cpu}; node ${process.version}; images ${side}×${side}×1; ${batches} batches of ${batch}`,
  );
  const points: Array<{ count: number; peak: number }> = [];
  for (const count of counts) {
    const checksum = await generate(count);
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        fileURLToPath(import.meta.url),
        `--child=${count}`,
        `--checksum=${checksum}`,
        `--side=${side}`,
        `--batches=${batches}`,
        `--batch=${batch}`,
        `--dir=${dir}`,
      ],
      { encoding: 'utf8' },
    );
    if (run.status !== 0) throw new Error(`child for ${count} failed:\n${run.stderr}`);
    const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as { peak: number };
    points.push({ count, peak: result.peak });
    console.log(
      `${count.toLocaleString()} images (${((count * (side * side + 1)) / GIB).toFixed(2)} GiB file): peak RSS ${(result.peak / 2 ** 20).toFixed(0)} MiB`,
    );
    rmSync(tensorFilePath(dir, checksum));
  }
  // Least squares: peak = base + perImage × count.
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.count, 0) / n;
  const my = points.reduce((s, p) => s + p.peak, 0) / n;
  const perImage =
    points.reduce((s, p) => s + (p.count - mx) * (p.peak - my), 0) /
    points.reduce((s, p) => s + (p.count - mx) ** 2, 0);
  const base = my - perImage * mx;
  const largest = (8 * GIB - base) / perImage;
  console.log(
    `fit: ${(base / 2 ** 20).toFixed(0)} MiB fixed + ${perImage.toFixed(1)} bytes per image`,
  );
  console.log(
    `largest dataset streamed in 8 GiB: ~${(largest / 1e6).toFixed(0)} million images (any image size; the file lives on disk)`,
  );
  console.log(
    `for comparison, held in memory as bytes: 8 GiB holds ${((8 * GIB) / (32 * 32 * 3 + 1) / 1e6).toFixed(1)} million 32×32×3 images`,
  );
}

void main();
