import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { DATASET_KINDS } from '@morphsweep/contracts';
import { MorphnetError } from '@morphsweep/morphnet';
import {
  TrainingError,
  retrain,
  selectBackend,
  type RetrainConfig,
  type RetrainTarget,
} from '@morphsweep/training';
import { UsageError, type Command } from '../command';
import { loadNetwork } from '../training/load-network';
import { compact } from '../training/progress.line';
import { RECIPE_OPTIONS, RECIPE_USAGE, recipeOf } from '../training/retrain-recipe.flags';
import { numberFlag, oneOf, positiveInt } from '../flags';

const USAGE = `Usage: morphsweep retrain --structure structure.json --epochs E [options]
       morphsweep retrain --network NAME|FILE --width-multiplier M --epochs E [options]

Retrains from scratch, without the MorphNet regularizer: the seed network slimmed to a learned
structure, or a uniformly scaled width-multiplier baseline. Adam with cosine decay by default;
the standard CIFAR recipe is e.g. --optimizer momentum --nesterov --learning-rate 0.1
--schedule step --milestones 80,120 --weight-decay 1e-4 --augmentation crop-flip.

Options:
  --structure FILE       learned structure (MorphNet alive-count JSON, e.g. from morphsweep learn)
  --network NAME|FILE    seed network (default: network.json next to --structure)
  --width-multiplier M   retrain the seed network scaled by M instead of a structure
  --epochs E             (required)
  --dataset ${DATASET_KINDS.join('|')}   (default fashion-mnist)
  --data-dir DIR         Fashion-MNIST directory
  --subset N             use only N training images
  --batch-size B         (default 64)
  --learning-rate LR     peak learning rate (default 0.003)
${RECIPE_USAGE}
  --test                 report accuracy on the Fashion-MNIST test split (default: validation)
  --seed N               (default 0)
  --backend NAME         force a backend
  --out FILE             also write the result as JSON
  --json                 print the result as JSON`;

/** `morphsweep retrain`: retrain a learned structure or a width-multiplier baseline. */
export const retrainCommand: Command = {
  name: 'retrain',
  usage: USAGE,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: {
          structure: { type: 'string' },
          network: { type: 'string' },
          'width-multiplier': { type: 'string' },
          epochs: { type: 'string' },
          dataset: { type: 'string' },
          'data-dir': { type: 'string' },
          subset: { type: 'string' },
          'batch-size': { type: 'string' },
          'learning-rate': { type: 'string' },
          ...RECIPE_OPTIONS,
          test: { type: 'boolean', default: false },
          seed: { type: 'string' },
          backend: { type: 'string' },
          out: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const v = parsed.values;
    if ((v.structure === undefined) === (v['width-multiplier'] === undefined))
      throw new UsageError('give exactly one of --structure and --width-multiplier');
    const networkRef =
      v.network ?? (v.structure ? join(dirname(v.structure), 'network.json') : undefined);
    if (!networkRef) throw new UsageError('--width-multiplier needs --network');
    const dataset = oneOf(v.dataset, DATASET_KINDS, 'dataset', 'fashion-mnist');
    const config: RetrainConfig = {
      dataset: {
        kind: dataset,
        ...(v.subset !== undefined
          ? { subsetSize: numberFlag(v.subset, 'subset', undefined, positiveInt) }
          : {}),
        ...(v['data-dir'] ? { directory: v['data-dir'] } : {}),
      },
      epochs: numberFlag(v.epochs, 'epochs', undefined, positiveInt),
      batchSize: numberFlag(v['batch-size'], 'batch-size', 64, positiveInt),
      learningRate: numberFlag(v['learning-rate'], 'learning-rate', 0.003, (n) => n > 0),
      ...recipeOf(v),
      seed: numberFlag(v.seed, 'seed', 0, Number.isInteger),
      evaluateOn: v.test ? 'test' : 'validation',
    };
    try {
      const network = await loadNetwork(networkRef);
      let target: RetrainTarget;
      if (v.structure) {
        let structure: Record<string, number>;
        try {
          structure = JSON.parse(await readFile(v.structure, 'utf8')) as Record<string, number>;
        } catch (error) {
          throw new UsageError(
            `cannot read structure ${v.structure}: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        if (
          typeof structure !== 'object' ||
          structure === null ||
          Object.values(structure).some((n) => !Number.isInteger(n) || n < 0)
        ) {
          throw new UsageError(
            `${v.structure} is not a structure: expected {"<op name>": <alive count>, …}`,
          );
        }
        target = { network, structure };
      } else {
        target = {
          network,
          widthMultiplier: numberFlag(
            v['width-multiplier'],
            'width-multiplier',
            undefined,
            (n) => n > 0,
          ),
        };
      }
      const { backend } = await selectBackend(v.backend ? { backend: v.backend } : {});
      console.error(
        `retraining ${network.name} for ${config.epochs} epoch(s) on ${dataset}, backend ${backend.name}`,
      );
      const result = await retrain(target, config, {
        onEpoch: (e) =>
          console.error(
            `epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, validation accuracy ${(100 * e.validationAccuracy).toFixed(1)}%, lr ${e.learningRate.toPrecision(3)}, ${Math.round(e.examplesPerSecond)} ex/s`,
          ),
      });
      if (v.out) await writeFile(v.out, `${JSON.stringify(result, null, 2)}\n`);
      if (v.json) console.log(JSON.stringify(result, null, 2));
      else {
        console.log(
          `${result.network.name}: ${(100 * result.accuracy).toFixed(1)}% ${config.evaluateOn} accuracy after ${result.steps} steps`,
        );
        console.log(
          `FLOPs ${compact(result.flops)}, model size ${compact(result.modelSize)}, ${result.parameters.toLocaleString('en-US')} trainable parameters`,
        );
      }
      return result.status === 'succeeded' ? 0 : 130;
    } catch (error) {
      if (!(error instanceof MorphnetError) && !(error instanceof TrainingError)) throw error;
      console.error(`morphsweep retrain: ${error.message}`);
      return 1;
    }
  },
};
