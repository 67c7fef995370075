// Committed workflow histories for the replay test: recorded from the real dev server by the
// workflow specs when RECORD_HISTORIES=1, scrubbed of what is machine-specific or noisy.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { historyFromJSON, historyToJSON, type History } from '@temporalio/common/lib/proto-utils';

/** Where the fixtures live: `<name>.json`, one workflow run each. */
export const HISTORIES_DIR = path.join(__dirname, 'histories');

/** Whether this test run re-records the fixtures (`RECORD_HISTORIES=1`). */
export const recordingHistories = process.env['RECORD_HISTORIES'] === '1';

// Stack traces name files of this machine and change with any edit; identities name hosts.
// Neither is read on replay.
function scrub(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrub);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'stackTrace') continue;
    out[key] = key === 'identity' ? 'morphsweep-workflows-test' : scrub(v);
  }
  return out;
}

/** Writes the history of `handle`'s run to `<name>.json` when recording; a no-op otherwise. */
export async function recordHistory(
  name: string,
  handle: Pick<WorkflowHandle, 'fetchHistory'>,
): Promise<void> {
  if (!recordingHistories) return;
  const json = JSON.parse(historyToJSON(await handle.fetchHistory()));
  writeFileSync(
    path.join(HISTORIES_DIR, `${name}.json`),
    `${JSON.stringify(scrub(json), null, 1)}\n`,
  );
}

/** A committed history and the workflow id it ran under. */
export interface RecordedHistory {
  name: string;
  workflowId: string;
  history: History;
}

/** Every committed history, by file name. */
export function loadHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const json = JSON.parse(readFileSync(path.join(HISTORIES_DIR, file), 'utf8'));
      const started = json.events?.[0]?.workflowExecutionStartedEventAttributes;
      return {
        name: file.replace(/\.json$/, ''),
        workflowId: started?.workflowId ?? file,
        history: historyFromJSON(json),
      };
    });
}
