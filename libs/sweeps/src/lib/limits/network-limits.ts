import type { SpecIssue, SubmissionLimits } from '@morphsweep/contracts';
import { countParameters, inferNetworkShapes, type NetworkDescription } from '@morphsweep/morphnet';

/** Bytes of one float32 activation value: what every tfjs backend trains in. */
const FLOAT32_BYTES = 4;

/**
 * Bytes of the activations one example produces at full width: every input's and layer's
 * output (batch excluded), as float32. A training step holds at least this much per example
 * of its batch (more with gradients), so `× batchSize` is a lower bound of its working set.
 * Throws `MorphnetError('INVALID_NETWORK')` like `inferNetworkShapes`.
 */
export function activationBytesPerExample(net: NetworkDescription): number {
  let values = 0;
  for (const shape of inferNetworkShapes(net).values()) values += shape.reduce((n, d) => n * d, 1);
  return values * FLOAT32_BYTES;
}

/**
 * What about a valid network description exceeds `limits`: its layer count, trainable
 * parameters, and activation bytes × `batchSize`. Each issue is on `path` and names the limit
 * and the value, so a client knows how far off it is. Layer count comes first and alone: a
 * network over it is not sized further. Throws `MorphnetError` for a description whose shapes
 * do not fit (callers have parsed it already).
 */
export function networkLimitIssues(
  net: NetworkDescription,
  batchSize: number,
  limits: Pick<SubmissionLimits, 'maxLayers' | 'maxParameters' | 'maxActivationBytes'>,
  path: string,
): SpecIssue[] {
  if (net.layers.length > limits.maxLayers) {
    const message = `the network has ${net.layers.length} layers; the limit is ${limits.maxLayers}`;
    return [{ path, message }];
  }
  const issues: SpecIssue[] = [];
  const parameters = countParameters(net);
  if (parameters > limits.maxParameters) {
    issues.push({
      path,
      message: `the network has ${parameters} trainable parameters; the limit is ${limits.maxParameters}`,
    });
  }
  const activationBytes = activationBytesPerExample(net) * batchSize;
  if (activationBytes > limits.maxActivationBytes) {
    issues.push({
      path,
      message: `activations of one step need ${activationBytes} bytes (${activationBytes / batchSize} per example × batch size ${batchSize}); the limit is ${limits.maxActivationBytes} bytes`,
    });
  }
  return issues;
}
