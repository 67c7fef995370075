import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DATASET_KINDS,
  DEFAULT_ALIVE_THRESHOLDS,
  MORPHNET_FAMILIES,
  OPTIMIZERS,
  TARGET_RESOURCES,
} from '@morphsweep/contracts';
import {
  MorphnetError,
  ZOO_NETWORKS,
  aliveCountsPath,
  formatAliveCounts,
} from '@morphsweep/morphnet';
import { LocalArtifactStore } from '@morphsweep/storage';
import {
  TrainingError,
  learnStructure,
  selectBackend,
  type LearnMetricPoint,
  type LearnStructureConfig,
  type MorphNetTarget,
} from '@morphsweep/training';
import { UsageError, type Command } from '../command';
import { ArtifactCheckpointSink } from '../training/artifact-checkpoint.sink';
import { loadNetwork } from '../training/load-network';
import { ProgressLine, compact } from '../training/progress.line';
import { numberFlag, oneOf, positiveInt } from '../flags';

const USAGE = `Usage: morphsweep learn --network <zoo name | network.json> --strength S [options]

Learns a structure with MorphNet: trains the seed network with cross-entropy + S × the
regularizer's term, then writes the learned structure (MorphNet's alive-count JSON).

Options:
  --network NAME|FILE    seed network (zoo: ${ZOO_NETWORKS.join(', ')})
  --regularizer ${MORPHNET_FAMILIES.join('|')}   (default gamma; logistic-sigmoid needs a -gated network)
  --resource ${TARGET_RESOURCES.join('|')}   (default flops)
  --hardware NAME        latency hardware profile (e.g. V100, host-cpu)
  --strength S           regularization strength (required)
  --threshold T          alive threshold (default 0.01; 0.1 for logistic-sigmoid)
  --steps N              step budget (default 300)
  --dataset ${DATASET_KINDS.join('|')}   (default fashion-mnist)
  --data-dir DIR         Fashion-MNIST directory
  --subset N             use only N training images
  --batch-size B         (default 64)
  --optimizer ${OPTIMIZERS.join('|')}   (default adam)
  --learning-rate LR     fixed learning rate (default 0.01)
  --eval-interval N      validation every N steps (default 50)
  --checkpoint-interval N   checkpoint every N steps (default 100)
  --seed N               (default 0)
  --backend NAME         force a backend (node-gpu, node, wasm, cpu)
  --out DIR              output directory (default ./morphsweep-learn)
  --resume URI|KEY       continue from a checkpoint written under --out
  --json                 print the result as JSON

Writes to --out: structure.json (final alive counts), learned_structure/alive_<step> at every
evaluation, checkpoints/step-<N>.ckpt, network.json (the seed network), metrics.jsonl and
result.json.`;

interface LearnArgs {
  readonly network: string;
  readonly config: Omit<LearnStructureConfig, 'network'>;
  readonly out: string;
  readonly resume?: string;
  readonly backend?: string;
  readonly json: boolean;
}

/** Parses `morphsweep learn` arguments (exported for the spec). */
export function parseLearnArgs(argv: readonly string[]): LearnArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        network: { type: 'string' },
        regularizer: { type: 'string' },
        resource: { type: 'string' },
        hardware: { type: 'string' },
        strength: { type: 'string' },
        threshold: { type: 'string' },
        steps: { type: 'string' },
        dataset: { type: 'string' },
        'data-dir': { type: 'string' },
        subset: { type: 'string' },
        'batch-size': { type: 'string' },
        optimizer: { type: 'string' },
        'learning-rate': { type: 'string' },
        'eval-interval': { type: 'string' },
        'checkpoint-interval': { type: 'string' },
        seed: { type: 'string' },
        backend: { type: 'string' },
        out: { type: 'string' },
        resume: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const v = parsed.values;
  if (!v.network) throw new UsageError('--network is required');
  const family = oneOf(v.regularizer, MORPHNET_FAMILIES, 'regularizer', 'gamma');
  const resource = oneOf(v.resource, TARGET_RESOURCES, 'resource', 'flops');
  if (resource === 'latency' && v.hardware === undefined)
    throw new UsageError('--resource latency needs --hardware');
  const target: MorphNetTarget = {
    family,
    resource,
    ...(v.hardware ? { hardware: v.hardware } : {}),
  };
  const dataset = oneOf(v.dataset, DATASET_KINDS, 'dataset', 'fashion-mnist');
  return {
    network: v.network,
    out: resolve(v.out ?? 'morphsweep-learn'),
    resume: v.resume,
    backend: v.backend,
    json: v.json ?? false,
    config: {
      dataset: {
        kind: dataset,
        ...(v.subset !== undefined
          ? { subsetSize: numberFlag(v.subset, 'subset', undefined, positiveInt) }
          : {}),
        ...(v['data-dir'] ? { directory: v['data-dir'] } : {}),
      },
      target,
      strength: numberFlag(v.strength, 'strength', undefined, (n) => n >= 0),
      threshold: numberFlag(v.threshold, 'threshold', DEFAULT_ALIVE_THRESHOLDS[family], () => true),
      budget: {
        steps: numberFlag(v.steps, 'steps', 300, positiveInt),
        batchSize: numberFlag(v['batch-size'], 'batch-size', 64, positiveInt),
        optimizer: oneOf(v.optimizer, OPTIMIZERS, 'optimizer', 'adam'),
        learningRate: numberFlag(v['learning-rate'], 'learning-rate', 0.01, (n) => n > 0),
        evalInterval: numberFlag(v['eval-interval'], 'eval-interval', 50, positiveInt),
        checkpointInterval: numberFlag(
          v['checkpoint-interval'],
          'checkpoint-interval',
          100,
          positiveInt,
        ),
      },
      seed: numberFlag(v.seed, 'seed', 0, Number.isInteger),
    },
  };
}

/** `morphsweep learn`: MorphNet structure learning with a progress line. */
export const learnCommand: Command = {
  name: 'learn',
  usage: USAGE,
  async run(argv) {
    const args = parseLearnArgs(argv);
    try {
      const network = await loadNetwork(args.network);
      const config: LearnStructureConfig = { ...args.config, network };
      const { backend } = await selectBackend(args.backend ? { backend: args.backend } : {});
      await mkdir(args.out, { recursive: true });
      await writeFile(join(args.out, 'network.json'), `${JSON.stringify(network, null, 2)}\n`);
      const store = new LocalArtifactStore(args.out);
      const progress = new ProgressLine(config.budget.steps, config.budget.batchSize);
      const points: LearnMetricPoint[] = [];
      let last: LearnMetricPoint | undefined;
      console.error(
        `${network.name}: ${config.target.family}/${config.target.resource}, strength ${config.strength}, threshold ${config.threshold}, ${config.budget.steps} steps on ${config.dataset.kind}; backend ${backend.name}${backend.threads ? ` (${backend.threads} threads)` : ''}`,
      );
      const abort = new AbortController();
      const onSignal = () => abort.abort();
      process.once('SIGINT', onSignal);
      let result;
      try {
        result = await learnStructure(
          config,
          {
            onProgress: (p) =>
              progress.update(p.step, {
                loss: p.taskLoss,
                reg: p.regLoss,
                cost: last?.cost,
                accuracy: last?.accuracy,
              }),
            onMetrics: async (ps) => {
              for (const p of ps) {
                points.push(p);
                last = p;
                const file = aliveCountsPath(args.out, p.step);
                await mkdir(join(file, '..'), { recursive: true });
                await writeFile(file, formatAliveCounts(p.aliveCounts ?? {}));
              }
            },
          },
          {
            checkpoints: new ArtifactCheckpointSink(store),
            signal: abort.signal,
            ...(args.resume ? { resumeFrom: args.resume } : {}),
          },
        );
      } finally {
        process.off('SIGINT', onSignal);
      }
      const seconds = progress.finish();
      await writeFile(join(args.out, 'structure.json'), `${formatAliveCounts(result.structure)}\n`);
      await writeFile(
        join(args.out, 'metrics.jsonl'),
        points.map((p) => JSON.stringify(p)).join('\n') + '\n',
      );
      const { network: _omit, ...configWithoutNetwork } = config;
      await writeFile(
        join(args.out, 'result.json'),
        `${JSON.stringify({ config: configWithoutNetwork, result, seconds }, null, 2)}\n`,
      );
      if (args.json) console.log(JSON.stringify(result, null, 2));
      else {
        const first = points[0];
        console.log(
          `${result.status} (${result.stopReason}) after ${result.stepsTrained} steps in ${seconds.toFixed(0)} s on ${result.backend}`,
        );
        console.log(
          `cost ${compact(result.cost)} (${config.target.resource})${first ? `, first evaluation ${compact(first.cost)}` : ''}; FLOPs ${compact(result.flops)}, model size ${compact(result.modelSize)}`,
        );
        console.log(
          `validation accuracy ${(100 * result.accuracy).toFixed(1)}%, reg loss ${result.regLoss.toPrecision(3)}`,
        );
        console.log(`structure ${JSON.stringify(result.structure)}`);
        console.log(
          `wrote ${join(args.out, 'structure.json')} and checkpoints under ${join(args.out, 'checkpoints')}`,
        );
      }
      return result.status === 'succeeded' ? 0 : result.status === 'cancelled' ? 130 : 3;
    } catch (error) {
      if (!(error instanceof MorphnetError) && !(error instanceof TrainingError)) throw error;
      console.error(`morphsweep learn: ${error.message}`);
      return 1;
    }
  },
};
