// CPU seconds spent by processes, read from /proc (Linux), to say where a bench's time went.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux this runs on

function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it start past its ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/**
 * CPU seconds of `pid` and every descendant alive now, plus what its exited, reaped children
 * spent (cutime/cstime): a PostgreSQL server's backends come and go with their connections.
 */
export function treeCpuSeconds(pid: number): number {
  const all = pids();
  const parent = new Map(all.map((p) => [p, Number(statFields(p)?.[1] ?? -1)]));
  let ticks = 0;
  for (const p of all) {
    let q: number | undefined = p;
    while (q !== undefined && q > 0 && q !== pid) q = parent.get(q);
    if (q !== pid) continue;
    const f = statFields(p);
    if (!f) continue;
    // Fields 14–17 of stat (utime, stime, cutime, cstime) are at 11–14 after the name.
    ticks += Number(f[11]) + Number(f[12]);
    if (p === pid) ticks += Number(f[13]) + Number(f[14]);
  }
  return ticks / TICKS_PER_SECOND;
}

/** The pid of a process whose argument vector `matches`, if any. */
export function findProcess(matches: (argv: string[]) => boolean): number | undefined {
  for (const p of pids()) {
    try {
      if (matches(readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0'))) return p;
    } catch {
      // it exited meanwhile
    }
  }
  return undefined;
}
