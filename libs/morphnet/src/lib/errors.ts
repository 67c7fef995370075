/** Machine-readable reason of a {@link MorphnetError}. */
export type MorphnetErrorCode =
  /** The network description is malformed; `issues` lists every problem found. */
  | 'INVALID_NETWORK'
  /** A function or constructor argument is out of range or inconsistent. */
  | 'INVALID_ARGUMENT'
  /** Slices or sizes cannot be aligned, or a grouping precondition does not hold. */
  | 'GROUPING_FAILED'
  /** The op-regularizer manager's loop did not converge within its iteration limit. */
  | 'ITERATION_LIMIT'
  /** A latency cost was requested for a hardware name that has no profile. */
  | 'UNKNOWN_HARDWARE'
  /** A blacklist or force-group pattern matched nothing. */
  | 'PATTERN_UNUSED'
  /** A value was read before it was computed (e.g. alive counts before population). */
  | 'NOT_READY'
  /** An imported Keras / TF.js model has layers our format cannot express; `issues` names each. */
  | 'UNSUPPORTED_MODEL'
  /** A network cannot be written as a Keras / TF.js layers model (e.g. a gate that cannot be folded). */
  | 'UNSUPPORTED_EXPORT';

/** One problem of a network description: which layer, which field, and why. */
export interface NetworkIssue {
  /** Layer name, or undefined for network-level fields. */
  readonly layer?: string;
  /** Dotted path of the offending field inside the layer (or network), e.g. `kernelSize.1`. */
  readonly field: string;
  readonly reason: string;
}

/**
 * The only error class `@morphsweep/morphnet` throws on purpose. Switch on `code`; for
 * `INVALID_NETWORK`, `issues` holds every problem found, each naming layer and field.
 */
export class MorphnetError extends Error {
  override readonly name = 'MorphnetError';
  readonly issues: readonly NetworkIssue[];

  constructor(
    readonly code: MorphnetErrorCode,
    message: string,
    issues: readonly NetworkIssue[] = [],
  ) {
    super(message);
    this.issues = issues;
  }

  /** Builds an `INVALID_NETWORK` error whose message lists every issue on its own line. */
  static invalidNetwork(issues: readonly NetworkIssue[]): MorphnetError {
    const lines = issues.map(
      (i) =>
        `  ${i.layer === undefined ? '' : `layer "${i.layer}", `}field "${i.field}": ${i.reason}`,
    );
    return new MorphnetError(
      'INVALID_NETWORK',
      `invalid network description:\n${lines.join('\n')}`,
      issues,
    );
  }
}
