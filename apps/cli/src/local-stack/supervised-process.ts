import type { Log, ManagedProcess } from '@morphsweep/devstack';

/** How {@link superviseProcess} restarts a process that exited on its own. */
export interface SupervisorOptions {
  log: Log;
  /** Delay before the first restart, doubled for each crash in a row [1 s]. */
  initialDelayMs?: number;
  /** The longest delay between restarts [30 s]. */
  maxDelayMs?: number;
  /** A process that ran at least this long before it exited starts the backoff over [60 s]. */
  stableAfterMs?: number;
}

/** A process kept running by {@link superviseProcess}. */
export interface SupervisedProcess {
  /** The process running now; undefined while a restart is pending. */
  readonly current: ManagedProcess | undefined;
  /** How many times it was started again after exiting. */
  readonly restarts: number;
  /** Stops the process and cancels any pending restart; it is not started again. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a process with `start` and starts it again whenever it exits on its own (killed,
 * out of memory, crashed), after a delay that doubles with each crash in a row up to
 * `maxDelayMs`. The first start's failure is thrown; a failed restart is logged and retried
 * like a crash. `up` keeps its worker this way: a killed worker took the whole stack down,
 * and the training it was running resumes from its checkpoint on the restarted one.
 */
export async function superviseProcess(
  name: string,
  start: () => Promise<ManagedProcess>,
  options: SupervisorOptions,
): Promise<SupervisedProcess> {
  const initial = options.initialDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 30_000;
  const stableAfter = options.stableAfterMs ?? 60_000;
  const state = { current: (await start()) as ManagedProcess | undefined, restarts: 0 };
  let stopping = false;
  let stopGraceMs: number | undefined;
  let wake: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const loop = (async () => {
    let delay = initial;
    for (;;) {
      const startedAt = Date.now();
      const why = state.current ? `exited (${await state.current.exited})` : 'did not start';
      if (stopping) return;
      state.current = undefined;
      if (Date.now() - startedAt >= stableAfter) delay = initial;
      options.log(`${name} ${why}; restarting it in ${delay / 1000} s`);
      await sleep(delay);
      if (stopping) return;
      delay = Math.min(delay * 2, max);
      try {
        state.current = await start();
        state.restarts++;
        // Stopped while it was being started: `stop` found nothing to stop.
        if (stopping) return await state.current.stop(stopGraceMs);
      } catch (error) {
        options.log(`could not restart ${name}: ${(error as Error).message}`);
      }
    }
  })();

  return {
    get current() {
      return state.current;
    },
    get restarts() {
      return state.restarts;
    },
    async stop(graceMs) {
      stopping = true;
      stopGraceMs = graceMs;
      wake?.();
      await state.current?.stop(graceMs);
      await loop;
    },
  };
}
