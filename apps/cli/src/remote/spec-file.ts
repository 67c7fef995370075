import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseSweepSpec, type SweepSpec } from '@morphsweep/contracts';
import { EXIT, RemoteError } from './exit-codes';

/**
 * Reads a sweep spec from a `.json`, `.yaml` or `.yml` file and validates it with the shared
 * schema (the API's own first check), so a bad spec fails here with every issue named by
 * its path and nothing is sent. Exit code 2 for every problem. Returns the file's content (what
 * is sent: the API applies its own defaults) and the parsed spec.
 */
export async function readSweepSpec(file: string): Promise<{ input: unknown; spec: SweepSpec }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RemoteError(`cannot read "${file}": ${(error as Error).message}`, EXIT.usage);
  }
  const extension = extname(file).toLowerCase();
  let input: unknown;
  try {
    if (extension === '.yaml' || extension === '.yml') input = parseYaml(text);
    else if (extension === '.json') input = JSON.parse(text);
    else
      throw new Error(
        `unknown spec format "${extension || '(none)'}": expected .json, .yaml or .yml`,
      );
  } catch (error) {
    throw new RemoteError(`${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const validation = parseSweepSpec(input);
  if (validation.ok) return { input, spec: validation.spec };
  const lines = validation.issues.map((i) => `  ${i.path || '(spec)'}: ${i.message}`);
  throw new RemoteError(`${file} is not a valid sweep spec:\n${lines.join('\n')}`, EXIT.usage, {
    issues: validation.issues,
  });
}
