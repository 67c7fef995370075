/** Formats seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(r).padStart(2, '0')}`;
}

/** Compact number: 1.23k, 4.5M, 6.7G. */
export function compact(n: number): string {
  const units: [number, string][] = [
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [scale, unit] of units)
    if (Math.abs(n) >= scale) return `${(n / scale).toPrecision(3)}${unit}`;
  return n.toPrecision(3);
}

/**
 * A one-line progress bar: `[#####.....] step 120/300 loss 0.512 reg 0.081 cost 1.23M acc 81.2% 412 ex/s ETA 0:25`.
 * On a TTY the line is redrawn in place; otherwise one line is printed every `everySteps` steps.
 */
export class ProgressLine {
  private readonly started = Date.now();
  private firstStep: number | undefined;
  private firstTime = 0;

  constructor(
    private readonly total: number,
    private readonly batchSize: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly everySteps = 25,
  ) {}

  /** Text of the line for a step. */
  format(
    step: number,
    fields: { loss?: number; reg?: number; cost?: number; accuracy?: number },
    now = Date.now(),
  ): string {
    if (this.firstStep === undefined) {
      this.firstStep = step;
      this.firstTime = now;
    }
    const done = step - this.firstStep;
    const seconds = (now - this.firstTime) / 1000;
    const rate = done > 0 && seconds > 0 ? done / seconds : Number.NaN;
    const width = 20;
    const filled = Math.round((width * Math.min(step, this.total)) / Math.max(this.total, 1));
    const parts = [
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
      `step ${step}/${this.total}`,
    ];
    if (fields.loss !== undefined) parts.push(`loss ${fields.loss.toFixed(3)}`);
    if (fields.reg !== undefined) parts.push(`reg ${fields.reg.toPrecision(3)}`);
    if (fields.cost !== undefined) parts.push(`cost ${compact(fields.cost)}`);
    if (fields.accuracy !== undefined) parts.push(`acc ${(100 * fields.accuracy).toFixed(1)}%`);
    parts.push(Number.isNaN(rate) ? '-- ex/s' : `${Math.round(rate * this.batchSize)} ex/s`);
    parts.push(`ETA ${formatDuration((this.total - step) / rate)}`);
    return parts.join('  ');
  }

  update(
    step: number,
    fields: { loss?: number; reg?: number; cost?: number; accuracy?: number },
  ): void {
    const line = this.format(step, fields);
    if (this.out.isTTY) this.out.write(`\r${line}\u001b[K`);
    else if (step % this.everySteps === 0 || step === this.total) this.out.write(`${line}\n`);
  }

  /** Ends the line (TTY) and returns the elapsed seconds. */
  finish(): number {
    if (this.out.isTTY) this.out.write('\n');
    return (Date.now() - this.started) / 1000;
  }
}
