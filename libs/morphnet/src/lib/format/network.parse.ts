import type { z } from 'zod';
import { MorphnetError, type NetworkIssue } from '../errors';
import { layerOutputShape, parameterShapes, type Shape } from './layer.shapes';
import { networkSchema, type LayerDescription, type NetworkDescription } from './network.schema';

/**
 * Flattens nested number arrays row-major; returns a reason if a leaf is not a finite number
 * or the arrays nest deeper than `maxDepth` (the flat list itself is depth 1). Walks with an
 * explicit stack, so an array nested 20,000 deep is a reason, not a stack overflow.
 */
export function flattenValues(values: readonly unknown[], maxDepth = Infinity): number[] | string {
  const out: number[] = [];
  // Each frame is an array and the index of its next element, read in order (row-major).
  const stack: Array<{ items: readonly unknown[]; next: number }> = [{ items: values, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.items.length) {
      stack.pop();
      continue;
    }
    const v = frame.items[frame.next++];
    if (Array.isArray(v)) {
      if (stack.length >= maxDepth)
        return `nests ${depthOf(values)} levels deep; at most ${maxDepth} (one per dimension)`;
      stack.push({ items: v, next: 0 });
    } else if (typeof v === 'number' && Number.isFinite(v)) out.push(v);
    else return 'every value must be a finite number';
  }
  return out;
}

// How deeply arrays nest (`[1]` is 1), without recursion.
function depthOf(values: readonly unknown[]): number {
  let deepest = 0;
  const stack: Array<[readonly unknown[], number]> = [[values, 1]];
  while (stack.length > 0) {
    const [items, depth] = stack.pop()!;
    deepest = Math.max(deepest, depth);
    for (const v of items) if (Array.isArray(v)) stack.push([v, depth + 1]);
  }
  return deepest;
}

function zodIssues(raw: unknown, error: z.ZodError): NetworkIssue[] {
  const layers = (raw as { layers?: unknown } | null)?.layers;
  return error.issues.map((issue) => {
    const [head, index, ...rest] = issue.path.map(String);
    if (head === 'layers' && index !== undefined && Array.isArray(layers)) {
      const layerName = (layers[Number(index)] as { name?: unknown } | undefined)?.name;
      const layer = typeof layerName === 'string' ? layerName : `#${index}`;
      return { layer, field: rest.join('.') || '(layer)', reason: issue.message };
    }
    return { field: issue.path.map(String).join('.') || '(network)', reason: issue.message };
  });
}

/**
 * Validates a network description (parsed JSON) and returns it with every default filled
 * in. Layers must be listed in dependency order. Throws `MorphnetError('INVALID_NETWORK')`
 * with one issue per problem (layer name, field, reason).
 */
export function parseNetwork(raw: unknown): NetworkDescription {
  const parsed = networkSchema.safeParse(raw);
  if (!parsed.success) throw MorphnetError.invalidNetwork(zodIssues(raw, parsed.error));
  const issues: NetworkIssue[] = [];
  inferShapes(parsed.data, issues);
  if (issues.length > 0) throw MorphnetError.invalidNetwork(issues);
  return parsed.data;
}

/**
 * Per-example output shape (batch excluded) of every input and layer of a valid description.
 * Throws `MorphnetError('INVALID_NETWORK')` if the description is inconsistent.
 */
export function inferNetworkShapes(net: NetworkDescription): Map<string, Shape> {
  const issues: NetworkIssue[] = [];
  const shapes = inferShapes(net, issues);
  if (issues.length > 0) throw MorphnetError.invalidNetwork(issues);
  return shapes;
}

function inferShapes(net: NetworkDescription, issues: NetworkIssue[]): Map<string, Shape> {
  const shapes = new Map<string, Shape>();
  for (const input of net.inputs) {
    if (shapes.has(input.name))
      issues.push({ field: 'inputs', reason: `duplicate name "${input.name}"` });
    shapes.set(input.name, input.shape);
  }
  for (const layer of net.layers) {
    if (shapes.has(layer.name)) {
      issues.push({
        layer: layer.name,
        field: 'name',
        reason: 'duplicate name (inputs and layers share one namespace)',
      });
      continue;
    }
    const missing = layer.inputs.filter((n) => !shapes.has(n));
    if (missing.length > 0) {
      const reason = `unknown input(s) ${missing.map((m) => `"${m}"`).join(', ')}; layers must come after the layers they read`;
      issues.push({ layer: layer.name, field: 'inputs', reason });
      continue;
    }
    const ins = layer.inputs.map((n) => shapes.get(n) ?? []);
    const out = layerOutputShape(layer, ins);
    if (typeof out === 'string') {
      issues.push({ layer: layer.name, field: 'inputs', reason: out });
      continue;
    }
    if (out.some((d) => !(d >= 1))) {
      issues.push({
        layer: layer.name,
        field: 'inputs',
        reason: `output shape [${out.join(',')}] has an empty dimension`,
      });
      continue;
    }
    checkValues(layer, ins[0] ?? [], issues);
    shapes.set(layer.name, out);
  }
  for (const [i, o] of net.outputs.entries()) {
    if (!shapes.has(o)) issues.push({ field: `outputs.${i}`, reason: `unknown layer "${o}"` });
  }
  return shapes;
}

function checkValues(layer: LayerDescription, x: Shape, issues: NetworkIssue[]): void {
  const record = layer as unknown as Record<string, unknown>;
  for (const [param, shape] of Object.entries(parameterShapes(layer, x))) {
    const given = record[param];
    if (given === undefined) continue;
    // Nested row-major values have at most one level per dimension.
    const maxDepth = Math.max(1, shape.length);
    const flat = flattenValues(given as unknown[], maxDepth);
    const expected = shape.reduce((a, b) => a * b, 1);
    if (typeof flat === 'string') issues.push({ layer: layer.name, field: param, reason: flat });
    else if (flat.length !== expected) {
      const reason = `expected ${expected} values for shape [${shape.join(',')}], got ${flat.length}`;
      issues.push({ layer: layer.name, field: param, reason });
    }
  }
}
