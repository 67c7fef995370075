import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../command';
import { ApiClient } from './api-client';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The options every remote command takes. */
export const REMOTE_OPTIONS = {
  json: { type: 'boolean', default: false },
  api: { type: 'string' },
} as const satisfies Options;

export const REMOTE_OPTIONS_USAGE = `  --json       machine-readable output on stdout (errors too, as {"error": {...}})
  --api URL    the API (default: MORPHSWEEP_API_URL, else http://127.0.0.1:3000)`;

/**
 * Parses a remote sub-command's arguments (node:util parseArgs, as every command does) with
 * `count` positionals named by `names`; a bad flag or count is a UsageError (exit 2).
 */
export function parseRemoteArgs<O extends Options>(
  argv: readonly string[],
  options: O,
  names: readonly string[],
) {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { ...REMOTE_OPTIONS, ...options },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (parsed.positionals.length !== names.length) {
    throw new UsageError(
      names.length === 0
        ? `takes no arguments, got ${parsed.positionals.join(' ')}`
        : `expected ${names.map((n) => `<${n}>`).join(' ')}`,
    );
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return {
    values,
    positionals: parsed.positionals,
    json: values['json'] === true,
    client: () => ApiClient.fromEnv(process.env, values['api'] as string | undefined),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id argument: a UUID, else a UsageError naming the argument. */
export function idArgument(value: string, name: string): string {
  if (!UUID.test(value)) throw new UsageError(`<${name}> must be a UUID, got "${value}"`);
  return value.toLowerCase();
}

/** Dispatches `morphsweep <group> <sub> …` to the sub-command's handler. */
export function dispatch(
  group: string,
  argv: readonly string[],
  handlers: Record<string, (argv: readonly string[]) => Promise<number>>,
): Promise<number> {
  const [sub, ...rest] = argv;
  const handler = sub === undefined ? undefined : handlers[sub];
  if (!handler) {
    throw new UsageError(
      sub === undefined
        ? `${group} needs a sub-command: ${Object.keys(handlers).join(', ')}`
        : `unknown ${group} sub-command "${sub}"; expected ${Object.keys(handlers).join(', ')}`,
    );
  }
  return handler(rest);
}
