import { parseArgs } from 'node:util';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import {
  DEFAULT_ALIVE_THRESHOLDS,
  MORPHNET_FAMILIES,
  TARGET_RESOURCES,
  type MorphnetFamily,
} from '@morphsweep/contracts';
import {
  MorphnetError,
  ZOO_NETWORKS,
  buildModel,
  countParameters,
  createNetworkRegularizer,
  type HardwareProfile,
  type NetworkDescription,
  type ResourceName,
} from '@morphsweep/morphnet';
import { UsageError, type Command } from '../command';
import { loadNetwork } from '../training/load-network';
import { numberFlag, oneOf } from '../flags';

// A sweep targets TARGET_RESOURCES; the cost of a network can also be read in MorphNet's two
// other resources.
const RESOURCES: readonly ResourceName[] = [...TARGET_RESOURCES, 'activations', 'memory'];

const USAGE = `Usage: morphsweep cost <network.json | zoo name> [options]

Prints the MorphNet cost and regularization term of a network, per op and in total.

Options:
  --regularizer ${MORPHNET_FAMILIES.join('|')}   algorithm family (default gamma)
  --resource ${RESOURCES.join('|')}   (default flops)
  --hardware NAME       latency hardware: K80 P4 T4 P100 V100 TPUv2 A100 H100 L4 host-cpu,
                        FLOP_LATENCY, MEMORY_LATENCY, or PEAK_GFLOPS:BANDWIDTH_GBS
  --threshold T         alive threshold (default 0.01; 0.1 for logistic-sigmoid)
  --batch-size B        batch size for latency and memory (default 1)
  --input-boundary a,b  op or layer names where the analysis stops
  --blacklist REGEX     ops whose groups get no regularizer (repeatable)
  --mode training|inference   graph mode; gates are sampled in training (default training)
  --seed N              seed for initial values and gate samples (default 0)
  --json                machine-readable output

Zoo networks: ${ZOO_NETWORKS.join(', ')}`;

interface CostOptions {
  readonly family: MorphnetFamily;
  readonly resource: ResourceName;
  readonly hardware?: string | HardwareProfile;
  readonly threshold: number;
  readonly batchSize: number;
  readonly inputBoundary?: string[];
  readonly blacklist?: string[];
  readonly mode: 'training' | 'inference';
  readonly seed: number;
  readonly json: boolean;
}

function hardware(value: string | undefined): string | HardwareProfile | undefined {
  const custom = value?.match(/^([0-9.e+]+):([0-9.e+]+)$/);
  if (!custom) return value;
  return {
    name: 'custom',
    peakComputeGflops: Number(custom[1]),
    memoryBandwidthGBs: Number(custom[2]),
  };
}

function parseOptions(argv: readonly string[]): { network: string; options: CostOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        regularizer: { type: 'string' },
        resource: { type: 'string' },
        hardware: { type: 'string' },
        threshold: { type: 'string' },
        'batch-size': { type: 'string' },
        'input-boundary': { type: 'string' },
        blacklist: { type: 'string', multiple: true },
        mode: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1)
    throw new UsageError('expected exactly one network (a .json file or a zoo name)');
  const family = oneOf(values.regularizer, MORPHNET_FAMILIES, 'regularizer', 'gamma');
  const resource = oneOf(values.resource, RESOURCES, 'resource', 'flops');
  if (resource === 'latency' && values.hardware === undefined)
    throw new UsageError('--resource latency needs --hardware');
  return {
    network: positionals[0] as string,
    options: {
      family,
      resource,
      hardware: hardware(values.hardware),
      threshold: numberFlag(
        values.threshold,
        'threshold',
        DEFAULT_ALIVE_THRESHOLDS[family],
        () => true,
      ),
      batchSize: numberFlag(
        values['batch-size'],
        'batch-size',
        1,
        (n) => Number.isInteger(n) && n > 0,
      ),
      inputBoundary: values['input-boundary']
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      blacklist: values.blacklist,
      mode: oneOf(values.mode, ['training', 'inference'] as const, 'mode', 'training'),
      seed: numberFlag(values.seed, 'seed', 0, Number.isInteger),
      json: values.json ?? false,
    },
  };
}

/** Result of {@link computeCost}: exactly the `--json` output. */
export interface CostReport {
  cost: number;
  regularizationTerm: number;
  ops: {
    name: string;
    type: string;
    cost: number;
    regularizationTerm: number;
    aliveIn: number;
    aliveOut: number;
  }[];
}

async function computeCost(
  net: NetworkDescription,
  o: CostOptions,
): Promise<{ report: CostReport; title: string; parameters: number }> {
  await tf.setBackend('cpu');
  const model = buildModel(net, { seed: o.seed });
  try {
    if (o.mode === 'training') model.resampleGates({ seed: o.seed, step: 0 });
    const regularizer = createNetworkRegularizer({
      graph: model.graph(o.mode),
      tensors: model,
      family: o.family,
      resource: o.resource,
      threshold: o.threshold,
      hardware: o.hardware,
      batchSize: o.batchSize,
      inputBoundary: o.inputBoundary,
      regularizerBlacklist: o.blacklist,
    });
    const term = regularizer.getRegularizationTerm();
    const regularizationTerm = term.dataSync()[0] ?? 0;
    term.dispose();
    // Graph order reads like the network; the manager's own order follows its search.
    const order = new Map(model.graph(o.mode).ops.map((op, i) => [op.name, i]));
    const ops = regularizer
      .opCosts()
      .sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    const report = { cost: regularizer.getCost(), regularizationTerm, ops };
    return {
      report,
      title: `${net.name}: ${regularizer.name} (${regularizer.costName})`,
      parameters: countParameters(net),
    };
  } finally {
    model.dispose();
  }
}

const fmt = (n: number): string =>
  Number.isInteger(n)
    ? n.toLocaleString('en-US')
    : n.toLocaleString('en-US', { maximumFractionDigits: 4 });

function printTable(title: string, parameters: number, report: CostReport): void {
  const rows = report.ops.map((op) => [
    op.name,
    op.type,
    fmt(op.cost),
    fmt(op.regularizationTerm),
    fmt(op.aliveIn),
    fmt(op.aliveOut),
  ]);
  const header = ['op', 'type', 'cost', 'regularization', 'alive in', 'alive out'];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((r) => (r[i] as string).length)),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join('  ');
  console.log(title);
  console.log(line(header));
  rows.forEach((r) => console.log(line(r)));
  console.log(
    `\ntotal cost: ${fmt(report.cost)}\nregularization term: ${fmt(report.regularizationTerm)}\ntrainable parameters: ${fmt(parameters)}`,
  );
}

/** `morphsweep cost`: MorphNet cost and regularization of a network description or zoo network. */
export const costCommand: Command = {
  name: 'cost',
  usage: USAGE,
  async run(argv) {
    const { network, options } = parseOptions(argv);
    try {
      const { report, title, parameters } = await computeCost(await loadNetwork(network), options);
      if (options.json) console.log(JSON.stringify(report, null, 2));
      else printTable(title, parameters, report);
      return 0;
    } catch (error) {
      if (!(error instanceof MorphnetError)) throw error;
      console.error(`morphsweep cost: ${error.message}`);
      return 1;
    }
  },
};
