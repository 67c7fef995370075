import type { LearnStructureConfig } from '@morphsweep/training';
import type { SweepRepository } from '@morphsweep/db';
import { learnConfigFor, specOf } from './run-config';

/** What every cell of one sweep shares: its structure-learning config bar the cell's knobs. */
export type SweepLearnConfig = Omit<LearnStructureConfig, 'strength' | 'threshold'>;

/**
 * The structure-learning configs of the sweeps a worker trained cells of lately (`size` of
 * them), built from each sweep's stored spec. A spec is never changed once its sweep is
 * written, and reading and parsing it, and building its seed network, for every cell cost
 * each cell time in proportion to the grid (a 10,000-cell spec lists 5,000 strengths). A read
 * or parse that fails is not cached.
 */
export class SweepConfigCache {
  private readonly configs = new Map<string, SweepLearnConfig>();

  constructor(
    private readonly sweeps: SweepRepository,
    private readonly size = 16,
  ) {}

  /**
   * The config of one cell of sweep `sweepId`; throws what reading (`DbError` NOT_FOUND) or
   * parsing the spec throws.
   */
  async configFor(
    sweepId: string,
    cell: { strength: number; threshold: number },
  ): Promise<LearnStructureConfig> {
    let shared = this.configs.get(sweepId);
    if (shared) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      this.configs.delete(sweepId);
    } else {
      const spec = specOf(await this.sweeps.get(sweepId));
      const { strength: _s, threshold: _t, ...rest } = learnConfigFor(spec, cell);
      shared = rest;
    }
    this.configs.set(sweepId, shared);
    if (this.configs.size > this.size) this.configs.delete(this.configs.keys().next().value!);
    return { ...shared, strength: cell.strength, threshold: cell.threshold };
  }
}
