import { EXIT, RemoteError } from './exit-codes';

/** A plain-text table: a header row and left-aligned text, right-aligned numbers. */
export function formatTable(
  header: string[],
  rows: string[][],
  numeric: readonly number[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.includes(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A number for a table: integers with separators, others to 4 significant digits. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined) return '-';
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  if (Math.abs(n) < 1e-3) return n.toExponential(2);
  return String(Number(n.toPrecision(4)));
}

export const formatPercent = (n: number | null | undefined): string =>
  n === null || n === undefined ? '-' : `${(n * 100).toFixed(1)} %`;

/** Writes one JSON document on stdout (pretty, or one line for streams). */
export function printJson(value: unknown, oneLine = false): void {
  process.stdout.write(`${JSON.stringify(value, null, oneLine ? undefined : 2)}\n`);
}

/**
 * Runs a remote command body: a RemoteError is printed (on stderr; with `--json` also as
 * `{"error": {...}}` on stdout) and becomes the exit code.
 */
export async function runRemote(json: boolean, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof RemoteError)) throw error;
    console.error(`morphsweep: ${error.message}`);
    if (json)
      printJson({ error: { message: error.message, exitCode: error.exitCode, ...error.details } });
    return error.exitCode;
  }
}

export { EXIT };
