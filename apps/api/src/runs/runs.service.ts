import { ConflictException, Injectable } from '@nestjs/common';
import type { PromoteResult } from '@morphsweep/workflows';
import { parseSweepSpec } from '@morphsweep/contracts';
import { exportedWidths, formatAliveCounts } from '@morphsweep/morphnet';
import { seedNetworkOf, slimmedNetworkOf } from '@morphsweep/sweeps';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import {
  ArtifactRepository,
  RunMetricRepository,
  RunRepository,
  SweepRepository,
  type Page,
} from '@morphsweep/db';
import { toMetricDto, toRunDto, type MetricDto, type RunDto } from './runs.dto';

/** Runs (grid cells): listing per sweep, details with the curve, structure downloads. */
@Injectable()
export class RunsService {
  constructor(
    private readonly sweeps: SweepRepository,
    private readonly runs: RunRepository,
    private readonly metrics: RunMetricRepository,
    private readonly artifacts: ArtifactRepository,
    private readonly orchestrator: SweepOrchestrator,
  ) {}

  /**
   * The run's learned structure, as MorphNet's alive-count JSON (sorted keys, 2-space indent)
   * or as the slimmed network description ready to retrain; 409 before there is one.
   */
  async structure(
    id: string,
    format: 'morphnet' | 'network',
  ): Promise<{ body: string; filename: string }> {
    const run = await this.runs.get(id);
    if (run.structure === null)
      throw new ConflictException(`run ${id} has no learned structure yet`);
    const counts = run.structure as Record<string, number>;
    if (format === 'morphnet')
      return { body: `${formatAliveCounts(counts)}\n`, filename: `structure-${id}.json` };
    const parsed = parseSweepSpec((await this.sweeps.get(run.sweepId)).spec);
    if (!parsed.ok)
      throw new ConflictException(
        `the sweep's stored spec no longer validates: ${parsed.issues[0]?.message}`,
      );
    const slim = slimmedNetworkOf(parsed.spec, counts);
    return { body: `${JSON.stringify(slim, null, 2)}\n`, filename: `network-${id}.json` };
  }

  /** Retrains a SUCCEEDED run's structure (once per structure); 409 for a run without one. */
  async promote(id: string): Promise<PromoteResult> {
    const run = await this.runs.get(id);
    if (run.status !== 'SUCCEEDED' || run.structure === null) {
      throw new ConflictException(
        `run ${id} has no learned structure to retrain (it is ${run.status.toLowerCase()})`,
      );
    }
    return this.orchestrator.promote(run.sweepId, id);
  }

  async listForSweep(
    sweepId: string,
    query: Parameters<RunRepository['listForSweep']>[1],
  ): Promise<Page<RunDto>> {
    await this.sweeps.get(sweepId); // 404 for an unknown sweep, not an empty page
    const page = await this.runs.listForSweep(sweepId, query);
    return { ...page, items: page.items.map(toRunDto) };
  }

  /**
   * A run with its training curve, its artifacts and the seed network's widths under the
   * same keys as its structure (`seedWidths`, null if the stored spec no longer validates),
   * so a client can show seed against learned channels per layer.
   */
  async get(id: string): Promise<
    RunDto & {
      metrics: MetricDto[];
      artifacts: Array<{ uri: string; kind: string; sizeBytes: number; sha256: string }>;
      seedWidths: Record<string, number> | null;
    }
  > {
    const run = await this.runs.get(id);
    const [metrics, artifacts, sweep] = await Promise.all([
      this.metrics.list(id),
      this.artifacts.listForRun(id),
      this.sweeps.get(run.sweepId),
    ]);
    const parsed = parseSweepSpec(sweep.spec);
    return {
      ...toRunDto(run),
      metrics: metrics.map(toMetricDto),
      artifacts: artifacts.map((a) => ({
        uri: a.uri,
        kind: a.kind,
        sizeBytes: Number(a.sizeBytes),
        sha256: a.sha256,
      })),
      seedWidths: parsed.ok ? exportedWidths(seedNetworkOf(parsed.spec)) : null,
    };
  }
}
