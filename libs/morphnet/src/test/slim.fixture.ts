import {
  NETWORK_FORMAT,
  parseNetwork,
  type NetworkDescription,
  type NetworkDescriptionInput,
} from '../index';

type LayerInput = NetworkDescriptionInput['layers'][number];

/** Collects layers for hand-written test networks. */
export class Net {
  readonly layers: LayerInput[] = [];
  constructor(private readonly input: { name: string; shape: number[] }) {}

  add(layer: LayerInput): string {
    this.layers.push(layer);
    return layer.name;
  }

  /** "slim conv": conv (no bias) → batchNorm with the given gammas → relu. */
  slim(
    name: string,
    input: string,
    filters: number,
    kernelSize: [number, number],
    gamma?: number[],
    strides = 1,
  ): string {
    this.add({ name, op: 'conv2d', inputs: [input], filters, kernelSize, strides, useBias: false });
    this.add({ name: `${name}_bn`, op: 'batchNorm', inputs: [name], ...(gamma ? { gamma } : {}) });
    return this.add({ name: `${name}_relu`, op: 'relu', inputs: [`${name}_bn`] });
  }

  build(outputs: string[]): NetworkDescription {
    return parseNetwork({
      format: NETWORK_FORMAT,
      name: 'test',
      inputs: [this.input],
      layers: this.layers,
      outputs,
    });
  }
}

export const fill = (value: number, n: number): number[] => new Array<number>(n).fill(value);
