import { describe, expect, it } from 'vitest';
import { STUDY_CONFIGS } from './config';
import { estimateStudy, measuredThroughput } from './estimate';
import type { StudyResults } from './results';

const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s)).toISOString();

describe('measuredThroughput', () => {
  it('divides the examples of succeeded trainings by their own time', () => {
    const config = STUDY_CONFIGS.medium; // 300 steps × 64; 8,000 images → 7,200 trained per epoch
    const results = {
      families: [
        {
          runs: [
            { status: 'SUCCEEDED', startedAt: at(0), finishedAt: at(96) },
            { status: 'FAILED', startedAt: at(100), finishedAt: at(900) },
          ],
          retrainings: [
            { status: 'SUCCEEDED', startedAt: at(0), finishedAt: at(60) },
            { status: 'SUCCEEDED', startedAt: at(100), finishedAt: at(160) },
            { status: 'RUNNING', startedAt: at(200), finishedAt: null },
          ],
        },
      ],
    } as unknown as StudyResults;
    expect(measuredThroughput(results, config)).toEqual({ learn: 200, retrain: 120 });
  });
});

describe('estimateStudy', () => {
  it('counts the full study and times it at a throughput', () => {
    const e = estimateStudy(STUDY_CONFIGS.full, { learn: 480, retrain: 540 });
    // 2 families × 5 strengths × 2 thresholds; 2 families × 3 targets × (learned + baseline) × 3 seeds.
    expect([e.cells, e.retrainings]).toEqual([20, 36]);
    expect(e.learnHours).toBeCloseTo((20 * 3000 * 64) / 480 / 3600, 12);
    expect(e.retrainHours).toBeCloseTo((36 * 10 * 54_000) / 540 / 3600, 12);
  });

  it('has no time without a measured throughput', () => {
    expect(estimateStudy(STUDY_CONFIGS.full, { learn: null, retrain: null })).toMatchObject({
      learnHours: null,
      retrainHours: null,
    });
  });
});
