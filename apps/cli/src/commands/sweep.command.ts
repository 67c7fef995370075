import { randomUUID } from 'node:crypto';
import {
  SWEEP_STATES,
  type Page,
  type SweepResponse,
  type SweepSummary,
} from '@morphsweep/contracts';
import type { Command } from '../command';
import { EXIT, RemoteError } from '../remote/exit-codes';
import { formatTable, printJson, runRemote } from '../remote/output';
import { REMOTE_OPTIONS_USAGE, dispatch, idArgument, parseRemoteArgs } from '../remote/remote-args';
import { readSweepSpec } from '../remote/spec-file';
import { watchSweep } from '../remote/sweep-watch';
import { numberFlag, oneOf, positiveInt } from '../flags';

const USAGE = `Usage: morphsweep sweep <sub-command> [options]

Drives sweeps on a running MorphSweep API (MORPHSWEEP_API_URL, default http://127.0.0.1:3000).

  sweep submit <spec.json|spec.yaml> [--watch] [--idempotency-key KEY]
                  validate the spec locally (every issue named by its path), then submit it
  sweep list [--status ${SWEEP_STATES.join('|')}] [--limit N] [--offset N]
                  sweeps, newest first
  sweep watch <sweepId>
                  live progress of every run until the sweep ends, then its Pareto frontier
  sweep resume <sweepId>
                  re-run its FAILED and CANCELLED runs from their last checkpoints
  sweep cancel <sweepId>
                  stop its trainings and cancel the runs that are left

Options:
${REMOTE_OPTIONS_USAGE}
  --watch      (submit) watch the sweep once it is submitted
  --idempotency-key KEY   (submit) a retried submit with the same key returns the same sweep
                          (default: a new key, reused for this command's own retries)

Environment: MORPHSWEEP_API_URL, MORPHSWEEP_API_TOKEN (sent as Bearer; the API's API_TOKEN).
Exit codes: 0 ok (watch: the sweep SUCCEEDED); 1 the sweep FAILED or was CANCELLED, or a
server error; 2 bad usage or input (an invalid spec, an unknown id, nothing to resume);
3 the API is unreachable or refused the token.`;

// A submit retries a 503 (Temporal briefly unavailable) or an unreachable API with the same
// Idempotency-Key, so a retry never creates a second sweep.
const SUBMIT_ATTEMPTS = 3;

async function submit(argv: readonly string[]): Promise<number> {
  const args = parseRemoteArgs(
    argv,
    { watch: { type: 'boolean', default: false }, 'idempotency-key': { type: 'string' } },
    ['spec file'],
  );
  return runRemote(args.json, async () => {
    const { input, spec } = await readSweepSpec(args.positionals[0]!);
    const client = args.client();
    const key = (args.values['idempotency-key'] as string | undefined) ?? randomUUID();
    let sweep: SweepResponse | undefined;
    let created = false;
    for (let attempt = 1; !sweep; attempt++) {
      try {
        const res = await client.json<SweepResponse>('POST', '/api/sweeps', {
          body: input,
          headers: { 'idempotency-key': key },
        });
        sweep = res.body;
        created = res.status === 201;
      } catch (error) {
        const transient =
          error instanceof RemoteError &&
          (error.exitCode === EXIT.unreachable
            ? !('status' in error.details)
            : error.details['status'] === 503);
        if (!transient || attempt >= SUBMIT_ATTEMPTS) throw error;
        await new Promise((r) => setTimeout(r, 1_000 * attempt));
      }
    }
    if (args.json && !args.values['watch']) printJson({ ...sweep, created });
    else if (!args.json) {
      console.log(
        `${created ? 'submitted' : 'already submitted (same Idempotency-Key)'}: sweep ${sweep.id} "${spec.name}", ${sweep.total} runs\n` +
          `watch it: morphsweep sweep watch ${sweep.id}`,
      );
    }
    return args.values['watch'] ? watchSweep(client, sweep.id, args.json) : EXIT.ok;
  });
}

async function list(argv: readonly string[]): Promise<number> {
  const args = parseRemoteArgs(
    argv,
    { status: { type: 'string' }, limit: { type: 'string' }, offset: { type: 'string' } },
    [],
  );
  const status = args.values['status'] as string | undefined;
  if (status !== undefined) oneOf(status, SWEEP_STATES, 'status', 'QUEUED');
  const limit = numberFlag(args.values['limit'] as string | undefined, 'limit', 50, positiveInt);
  const offset = numberFlag(
    args.values['offset'] as string | undefined,
    'offset',
    0,
    (n) => Number.isInteger(n) && n >= 0,
  );
  return runRemote(args.json, async () => {
    const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
    if (status) query.set('status', status);
    const page = (await args.client().json<Page<SweepSummary>>('GET', `/api/sweeps?${query}`)).body;
    if (args.json) {
      printJson(page);
      return EXIT.ok;
    }
    if (page.items.length === 0) {
      console.log('no sweeps');
      return EXIT.ok;
    }
    console.log(
      formatTable(
        ['id', 'name', 'status', 'done', 'created'],
        page.items.map((s) => {
          const done =
            (s.counts.SUCCEEDED ?? 0) + (s.counts.FAILED ?? 0) + (s.counts.CANCELLED ?? 0);
          return [
            s.id,
            s.name,
            s.status,
            `${done}/${s.total}`,
            s.createdAt.replace('T', ' ').slice(0, 19),
          ];
        }),
        [3],
      ),
    );
    if (page.total > page.offset + page.items.length)
      console.log(
        `(${page.items.length} of ${page.total}; --offset ${page.offset + page.items.length} for more)`,
      );
    return EXIT.ok;
  });
}

async function watch(argv: readonly string[]): Promise<number> {
  const args = parseRemoteArgs(argv, {}, ['sweepId']);
  const id = idArgument(args.positionals[0]!, 'sweepId');
  return runRemote(args.json, () => watchSweep(args.client(), id, args.json));
}

function action(verb: 'resume' | 'cancel', done: string) {
  return async (argv: readonly string[]): Promise<number> => {
    const args = parseRemoteArgs(argv, {}, ['sweepId']);
    const id = idArgument(args.positionals[0]!, 'sweepId');
    return runRemote(args.json, async () => {
      const { body } = await args.client().json<SweepResponse>('POST', `/api/sweeps/${id}/${verb}`);
      if (args.json) printJson(body);
      else console.log(`sweep ${id}: ${done} (it was ${body.status})`);
      return EXIT.ok;
    });
  };
}

/** `morphsweep sweep …`: submit, list, watch, resume and cancel sweeps on a running API. */
export const sweepCommand: Command = {
  name: 'sweep',
  usage: USAGE,
  run: (argv) =>
    dispatch('sweep', argv, {
      submit,
      list,
      watch,
      resume: action('resume', 'resume sent; its failed and cancelled runs start again'),
      cancel: action('cancel', 'cancellation sent'),
    }),
};
