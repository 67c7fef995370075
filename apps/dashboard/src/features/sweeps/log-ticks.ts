/**
 * Tick values for a log axis over `[lo, hi]`: the 1-2-5 steps of each decade inside it, or
 * every integer multiple of the decade when that gives fewer than three ticks (a sweep's
 * costs often span less than one decade, where Recharts' own log ticks show one label).
 */
export function logTicks([lo, hi]: readonly [number, number]): number[] {
  if (!(lo > 0) || !(hi > lo)) return [];
  const inRange = (mantissas: readonly number[]) => {
    const ticks: number[] = [];
    for (let exp = Math.floor(Math.log10(lo)); 10 ** exp <= hi; exp++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** exp).toPrecision(12));
        if (v >= lo && v <= hi) ticks.push(v);
      }
    }
    return ticks;
  };
  const coarse = inRange([1, 2, 5]);
  return coarse.length >= 3 ? coarse : inRange([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}
