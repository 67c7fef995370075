import type { LayerDescription, NetworkDescriptionInput } from '../format/network.schema';
import { NETWORK_FORMAT } from '../format/network.schema';

type LayerInput = NetworkDescriptionInput['layers'][number];

/** Tiny helper to write descriptions in code: each call appends a layer and returns its name. */
export class NetworkBuilder {
  private readonly layers: LayerInput[] = [];

  constructor(
    private readonly name: string,
    private readonly input: { name: string; shape: number[] },
  ) {}

  get inputName(): string {
    return this.input.name;
  }

  layer(layer: LayerInput): string {
    this.layers.push(layer);
    return layer.name;
  }

  /** conv2d (no bias) → batchNorm → relu|relu6, named `<name>`, `<name>_bn`, `<name>_relu`. */
  convBnRelu(
    name: string,
    input: string,
    filters: number,
    kernelSize: number,
    strides = 1,
    act: 'relu' | 'relu6' = 'relu',
  ): string {
    this.layer({
      name,
      op: 'conv2d',
      inputs: [input],
      filters,
      kernelSize,
      strides,
      useBias: false,
    });
    this.layer({ name: `${name}_bn`, op: 'batchNorm', inputs: [name] });
    return this.layer({ name: `${name}_${act}`, op: act, inputs: [`${name}_bn`] });
  }

  build(outputs: string[]): NetworkDescriptionInput {
    return {
      format: NETWORK_FORMAT,
      name: this.name,
      inputs: [this.input],
      layers: this.layers,
      outputs,
    };
  }
}

/**
 * Inserts a FiGS gate after every relu / relu6 layer (named `<layer>_gate`) and rewires its
 * consumers and outputs to the gate; returns a new description.
 */
export function addGates<
  T extends {
    name: string;
    layers: readonly (LayerInput | LayerDescription)[];
    outputs: readonly string[];
  },
>(net: T, suffix = '-gated'): T {
  const gated = new Map<string, string>();
  const layers: (LayerInput | LayerDescription)[] = [];
  for (const layer of net.layers) {
    const rewired = { ...layer, inputs: layer.inputs.map((n) => gated.get(n) ?? n) } as LayerInput;
    layers.push(rewired);
    if (
      layer.op === 'relu' ||
      layer.op === 'relu6' ||
      (layer.op === 'activation' && /^relu6?$/.test(layer.activation))
    ) {
      const gate = `${layer.name}_gate`;
      layers.push({ name: gate, op: 'gate', inputs: [layer.name] });
      gated.set(layer.name, gate);
    }
  }
  return {
    ...net,
    name: `${net.name}${suffix}`,
    layers,
    outputs: net.outputs.map((o) => gated.get(o) ?? o),
  };
}
