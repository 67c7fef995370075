/**
 * Exit codes of every `morphsweep` command (docs/operations.md, "The remote CLI"): scripts
 * branch on them.
 */
export const EXIT = {
  /** Done; a watched sweep SUCCEEDED. */
  ok: 0,
  /** A watched sweep ended FAILED or CANCELLED, or the server failed (5xx). */
  failed: 1,
  /** Bad usage or input: unknown flag, invalid spec, unknown id, a request refused in this state (4xx). */
  usage: 2,
  /** The API is unreachable, or refused the token (401, 403). */
  unreachable: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure of a remote command: its message, exit code and (with `--json`) its details. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError';

  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
