import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  MorphnetError,
  importKerasModel,
  weightsManifestOf,
  type KerasImport,
} from '@morphsweep/morphnet';
import { UsageError, type Command } from '../command';

const USAGE = `Usage: morphsweep import <model.json> [--out network.json] [--json] [--name NAME]

Converts a Keras model (model.to_json() of Keras 3 or tf.keras 2) or a TF.js layers
model.json into a MorphSweep network description (docs/network-format.md). Layers the format
cannot express are all named, with their class, and nothing is written. A TF.js model.json's
weight shards (its weightsManifest, beside it) are read into the description's values.

Options:
  --out FILE    write the network description to FILE (else it goes to stdout)
  --json        print { "network", "parameters", "flops" } (parameters: Keras' trainable count)
  --name NAME   the network's name (default: the model's)
  --topology-only   ignore the weights manifest (fresh initial values)`;

interface ImportOptions {
  readonly file: string;
  readonly out?: string;
  readonly json: boolean;
  readonly name?: string;
  readonly topologyOnly: boolean;
}

function parseOptions(argv: readonly string[]): ImportOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        name: { type: 'string' },
        'topology-only': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('expected exactly one model JSON file');
  return {
    file: positionals[0] as string,
    out: values.out,
    json: values.json ?? false,
    name: values.name,
    topologyOnly: values['topology-only'] ?? false,
  };
}

async function readModel(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read "${file}"`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new MorphnetError(
      'INVALID_ARGUMENT',
      `${file} is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** The manifest's shards, beside the model file, concatenated in order (as TF.js loads them). */
async function readShards(file: string, model: unknown): Promise<Uint8Array | undefined> {
  const groups = weightsManifestOf(model);
  if (!groups) return undefined;
  const parts: Uint8Array[] = [];
  for (const path of groups.flatMap((g) => g.paths)) {
    const shard = join(dirname(file), path);
    try {
      parts.push(await readFile(shard));
    } catch {
      throw new UsageError(
        `weight shard "${shard}" not found (--topology-only ignores the weights)`,
      );
    }
  }
  return Buffer.concat(parts);
}

function summary(result: KerasImport, weighted: boolean): string {
  const { network, parameters, flops, layout } = result;
  const lines = [
    `${network.name} (${layout}${weighted ? ', with weights' : ''}): ` +
      `${network.layers.length} layers, ` +
      `${parameters.toLocaleString('en-US')} trainable parameters, ` +
      `${flops.toLocaleString('en-US')} FLOPs`,
    ...result.notes.map((n) => `note: ${n}`),
  ];
  return lines.join('\n');
}

/** `morphsweep import`: a Keras / TF.js layers model JSON → a network description. */
export const importCommand: Command = {
  name: 'import',
  usage: USAGE,
  async run(argv) {
    const options = parseOptions(argv);
    try {
      const model = await readModel(options.file);
      const weights = options.topologyOnly ? undefined : await readShards(options.file, model);
      const result = importKerasModel(model, { name: options.name, weights });
      const description = JSON.stringify(result.network, null, 2);
      if (options.out !== undefined) await writeFile(options.out, `${description}\n`);
      if (options.json) {
        const { network, parameters, flops } = result;
        console.log(JSON.stringify({ network, parameters, flops }, null, 2));
        if (result.notes.length > 0)
          console.error(result.notes.map((n) => `note: ${n}`).join('\n'));
      } else if (options.out !== undefined) console.log(summary(result, weights !== undefined));
      else {
        console.log(description);
        console.error(summary(result, weights !== undefined));
      }
      return 0;
    } catch (error) {
      if (!(error instanceof MorphnetError)) throw error;
      console.error(`morphsweep import: ${error.message}`);
      return 1;
    }
  },
};
