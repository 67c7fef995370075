import type { StudyConfig } from './config';
import type { StudyResults } from './results';

/** Fashion-MNIST's training split, and the share structure learning and retraining train on. */
const FASHION_MNIST_TRAIN = 60_000;
const TRAIN_SHARE = 0.9; // the default validation fraction holds out 10 %

/** Examples per second a study's trainings reached, each row's own start to finish. */
export interface Throughput {
  /** Structure learning: steps × batch of the succeeded cells over their time. */
  learn: number | null;
  /** Retraining: epochs × training images over their time (evaluations included). */
  retrain: number | null;
}

const seconds = (r: { startedAt: string | null; finishedAt: string | null }) =>
  r.startedAt && r.finishedAt ? (Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000 : 0;

const trainImages = (config: StudyConfig) =>
  Math.round((config.subsetSize ?? FASHION_MNIST_TRAIN) * TRAIN_SHARE);

/** The throughput `results` measured under `config` (the config it ran). Pure. */
export function measuredThroughput(results: StudyResults, config: StudyConfig): Throughput {
  const runs = results.families.flatMap((f) => f.runs).filter((r) => r.status === 'SUCCEEDED');
  const retrainings = results.families
    .flatMap((f) => f.retrainings)
    .filter((r) => r.status === 'SUCCEEDED');
  const learnS = runs.reduce((s, r) => s + seconds(r), 0);
  const retrainS = retrainings.reduce((s, r) => s + seconds(r), 0);
  const epochs = config.retrain.epochs ?? 1;
  return {
    learn: learnS > 0 ? (runs.length * config.learn.steps * config.learn.batchSize) / learnS : null,
    retrain: retrainS > 0 ? (retrainings.length * epochs * trainImages(config)) / retrainS : null,
  };
}

/** What a study of `config` amounts to, and how long it would take at `throughput`. */
export interface StudyEstimate {
  cells: number;
  retrainings: number;
  learnHours: number | null;
  retrainHours: number | null;
}

/**
 * The size of a study of `config` (cells, and retrainings if every target finds a structure)
 * and its time at `throughput`, one training at a time. Pure.
 */
export function estimateStudy(config: StudyConfig, throughput: Throughput): StudyEstimate {
  const cells = config.families.reduce(
    (s, f) => s + (f.pick?.length ?? f.suggestionCount) * f.thresholds.length,
    0,
  );
  const retrainings = config.families.length * config.targets.length * 2 * config.seeds;
  const learnExamples = cells * config.learn.steps * config.learn.batchSize;
  const retrainExamples = retrainings * (config.retrain.epochs ?? 1) * trainImages(config);
  return {
    cells,
    retrainings,
    learnHours: throughput.learn ? learnExamples / throughput.learn / 3600 : null,
    retrainHours: throughput.retrain ? retrainExamples / throughput.retrain / 3600 : null,
  };
}
