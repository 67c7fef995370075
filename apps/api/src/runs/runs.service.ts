import { ConflictException, Injectable } from '@nestjs/common';
import type { PromoteResult } from '@morphsweep/workflows';
import {
  parseSweepSpec,
  type MetricPageResponse,
  type RunDetailResponse,
  type RunPointsResponse,
} from '@morphsweep/contracts';
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
import { toRunDto, type RunDto } from './runs.dto';

// Points per page of a curve when the client names no limit.
const DEFAULT_METRICS_PAGE = 1000;

/** Runs (grid cells): listing per sweep, details with the curve, structure downloads. */
@Injectable()
export class RunsService {
  constructor(
    private readonly sweeps: SweepRepository,
    private readonly runs: RunRepository,
    private readonly curves: RunMetricRepository,
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

  /** Every run of the sweep as a chart point (one narrow query); 404 for an unknown sweep. */
  async points(sweepId: string): Promise<RunPointsResponse> {
    await this.sweeps.get(sweepId);
    return { items: await this.runs.listPoints(sweepId) };
  }

  /**
   * The run's curve after `afterStep`: a keyset page of `limit` points, or with `maxPoints`
   * the whole rest downsampled in the database (ends and per-bucket extremes of each series,
   * see `RunMetricRepository.downsample`); a curve no longer than `maxPoints` comes whole.
   */
  async metrics(
    id: string,
    query: { afterStep: number; limit?: number; maxPoints?: number },
  ): Promise<MetricPageResponse> {
    await this.runs.get(id);
    const { afterStep, maxPoints } = query;
    const totalPoints = await this.curves.count(id, afterStep);
    if (maxPoints !== undefined && totalPoints > maxPoints) {
      const items = await this.curves.downsample(id, { afterStep, maxPoints });
      return { items, totalPoints, downsampled: true, nextAfterStep: null };
    }
    const limit = maxPoints ?? query.limit ?? DEFAULT_METRICS_PAGE;
    const page = await this.curves.page(id, { afterStep, limit });
    return { ...page, totalPoints, downsampled: false };
  }

  /**
   * A run with its artifacts and the seed network's widths under the same keys as its
   * structure (`seedWidths`, null if the stored spec no longer validates), so a client can
   * show seed against learned channels per layer. Its curve is {@link metrics}.
   */
  async get(id: string): Promise<RunDetailResponse> {
    const run = await this.runs.get(id);
    const [artifacts, sweep] = await Promise.all([
      this.artifacts.listForRun(id),
      this.sweeps.get(run.sweepId),
    ]);
    const parsed = parseSweepSpec(sweep.spec);
    return {
      ...toRunDto(run),
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
