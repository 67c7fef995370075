/**
 * A CLI sub-command: `morphsweep <name> [args]`. Each command lives in
 * `commands/<name>.command.ts` and is listed once, with its summary, in `commands/index.ts`.
 */
export interface Command {
  /** The word after `morphsweep`. */
  readonly name: string;
  /** Full usage text, printed by `morphsweep <name> --help` and on a usage error. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/** Thrown for bad command-line input; the CLI prints the message and the usage, exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
