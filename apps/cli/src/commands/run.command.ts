import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../command';
import type { ApiClient } from '../remote/api-client';
import { EXIT, RemoteError } from '../remote/exit-codes';
import { printJson, runRemote } from '../remote/output';
import { REMOTE_OPTIONS_USAGE, dispatch, idArgument, parseRemoteArgs } from '../remote/remote-args';

const USAGE = `Usage: morphsweep run <sub-command> [options]

Acts on one run (grid cell) or retraining of a running MorphSweep API.

  run promote <runId>
                  retrain the run's learned structure from scratch (once per structure)
  run export <retrainingId|runId> [--out DIR]
                  a retraining: its TF.js layers model (model.json, model.weights.bin) and
                  network.json; a run: its learned structure (structure.json, MorphNet's
                  alive counts) and the slimmed network (network.json). DIR defaults to ./<id>

Options:
${REMOTE_OPTIONS_USAGE}
  --out DIR    (export) where to write the files

Environment: MORPHSWEEP_API_URL, MORPHSWEEP_API_TOKEN. Exit codes: 0 ok; 1 server error;
2 bad usage, an unknown id, or nothing to promote or export yet (409); 3 the API is
unreachable or refused the token.`;

interface PromoteResult {
  retrainingId: string;
  workflowId: string;
  created: boolean;
  /** Every replica's retraining (the retrain policy's seeds); absent from older APIs. */
  retrainingIds?: string[];
}

async function promote(argv: readonly string[]): Promise<number> {
  const args = parseRemoteArgs(argv, {}, ['runId']);
  const id = idArgument(args.positionals[0]!, 'runId');
  return runRemote(args.json, async () => {
    const { body } = await args.client().json<PromoteResult>('POST', `/api/runs/${id}/promote`);
    if (args.json) printJson(body);
    else {
      console.log(
        `${body.created ? 'promoted' : 'promoted before'}: retraining ${body.retrainingId} (workflow ${body.workflowId})`,
      );
      const others = (body.retrainingIds ?? []).filter((r) => r !== body.retrainingId);
      if (others.length > 0)
        console.log(`  and ${others.length} more seed replicas: ${others.join(' ')}`);
    }
    return EXIT.ok;
  });
}

async function download(client: ApiClient, urlPath: string): Promise<Buffer> {
  return Buffer.from(await (await client.send('GET', urlPath)).arrayBuffer());
}

/** Whether `id` names a retraining (else it is taken as a run). */
async function isRetraining(client: ApiClient, id: string): Promise<boolean> {
  try {
    await client.send('GET', `/api/retrainings/${id}`);
    return true;
  } catch (error) {
    if (error instanceof RemoteError && error.details['status'] === 404) return false;
    throw error;
  }
}

async function exportFiles(argv: readonly string[]): Promise<number> {
  const args = parseRemoteArgs(argv, { out: { type: 'string' } }, ['retrainingId|runId']);
  const id = idArgument(args.positionals[0]!, 'retrainingId|runId');
  const out = path.resolve((args.values['out'] as string | undefined) ?? id);
  return runRemote(args.json, async () => {
    const client = args.client();
    const retraining = await isRetraining(client, id);
    // Everything is downloaded before anything is written: a 409 leaves no partial folder.
    const files: Record<string, Buffer> = retraining
      ? {
          'model.json': await download(client, `/api/retrainings/${id}/model`),
          'model.weights.bin': await download(client, `/api/retrainings/${id}/model.weights.bin`),
          'network.json': await download(client, `/api/retrainings/${id}/network`),
        }
      : {
          'structure.json': await download(client, `/api/runs/${id}/structure?format=morphnet`),
          'network.json': await download(client, `/api/runs/${id}/structure?format=network`),
        };
    await mkdir(out, { recursive: true });
    const written = [];
    for (const [name, bytes] of Object.entries(files)) {
      const file = path.join(out, name);
      await writeFile(file, bytes);
      written.push({ file, bytes: bytes.length });
    }
    if (args.json) printJson({ kind: retraining ? 'retraining' : 'run', id, files: written });
    else {
      console.log(`${retraining ? 'retraining' : 'run'} ${id} exported to ${out}:`);
      for (const w of written)
        console.log(`  ${path.basename(w.file)} (${w.bytes.toLocaleString('en-US')} bytes)`);
    }
    return EXIT.ok;
  });
}

/** `morphsweep run …`: promote a run, export a run's structure or a retraining's model. */
export const runCommand: Command = {
  name: 'run',
  usage: USAGE,
  run: (argv) => dispatch('run', argv, { promote, export: exportFiles }),
};
