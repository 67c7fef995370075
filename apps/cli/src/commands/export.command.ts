import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SHARD_NAME, MorphnetError, exportTfjsLayersModel } from '@morphsweep/morphnet';
import { TrainingError, decodeCheckpoint } from '@morphsweep/training';
import { UsageError, type Command } from '../command';
import { loadNetwork } from '../training/load-network';

const USAGE = `Usage: morphsweep export <checkpoint.bin> --network NAME|FILE [--out DIR]

Writes a trained network as a TF.js layers model that tf.loadLayersModel loads (and the
TF.js converter converts): DIR/model.json, its weight shard DIR/${DEFAULT_SHARD_NAME}, and
the network description beside them as DIR/network.json. The values come from a training
checkpoint (a retraining's or structure learning's; its model/<layer>/<param> tensors,
batch-norm moving statistics included). FiGS gates are folded into the layer before them.
A retraining of the stack: GET /api/retrainings/<id>/network gives its network, and
GET /api/retrainings/<id>/model serves the same model directly.

Options:
  --network NAME|FILE   the network the checkpoint trained (a zoo name or a description file)
  --out DIR             output folder (default: tfjs-model)`;

/** The model variables of a checkpoint: `model/<layer>/<param>` → values by `<layer>/<param>`. */
function modelWeights(bytes: Uint8Array): Map<string, Float32Array> {
  const { tensors } = decodeCheckpoint(bytes);
  return new Map(
    tensors
      .filter((t) => t.name.startsWith('model/'))
      .map((t) => [t.name.slice('model/'.length), t.values] as const),
  );
}

/** `morphsweep export`: a training checkpoint + its network → a TF.js layers model. */
export const exportCommand: Command = {
  name: 'export',
  usage: USAGE,
  async run(argv) {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        allowPositionals: true,
        options: { network: { type: 'string' }, out: { type: 'string' } },
      });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError('expected exactly one checkpoint file');
    if (values.network === undefined) throw new UsageError('--network is required');
    const file = positionals[0] as string;
    const out = values.out ?? 'tfjs-model';
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      throw new UsageError(`cannot read "${file}"`);
    }
    try {
      const network = await loadNetwork(values.network);
      const exported = exportTfjsLayersModel(network, { weights: modelWeights(bytes) });
      await mkdir(out, { recursive: true });
      await writeFile(join(out, 'model.json'), JSON.stringify(exported.modelJson));
      await writeFile(join(out, DEFAULT_SHARD_NAME), exported.weightData);
      await writeFile(join(out, 'network.json'), `${JSON.stringify(network, null, 2)}\n`);
      const weights = exported.weightSpecs.length;
      console.log(
        `${network.name}: ${exported.network.layers.length} layers, ${weights} weights ` +
          `(${exported.weightData.byteLength.toLocaleString('en-US')} bytes) → ${join(out, 'model.json')}`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof MorphnetError) && !(error instanceof TrainingError)) throw error;
      console.error(`morphsweep export: ${error.message}`);
      return 1;
    }
  },
};
