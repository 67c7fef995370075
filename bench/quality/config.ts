import type { MorphnetFamily, RetrainBudgetSpec, TrainingBudgetSpec } from '@morphsweep/contracts';

/** One family's sweep in a study: its seed, its thresholds and which suggested strengths. */
export interface FamilyPlan {
  family: MorphnetFamily;
  /** A zoo network: the 32/64/128 reference CNN, gated for FiGS. */
  network: string;
  thresholds: number[];
  /**
   * How many strengths to ask the product for (`GET /api/zoo/:name/strength-grid?count=`,
   * a log range of two decades centred on 1 / seed FLOPs), and which of them (indexes into
   * the suggestion, ascending) the sweep runs; all of them when absent.
   */
  suggestionCount: number;
  pick?: number[];
  /** Structure learning's rate when it differs from the config's (`learn.learningRate`). */
  learningRate?: number;
}

/** A study configuration: what is swept, how long it trains, how often it is retrained. */
export interface StudyConfig {
  name: 'smoke' | 'medium' | 'full';
  /** Built-in Fashion-MNIST; a training subset only for the smoke check. */
  subsetSize?: number;
  families: FamilyPlan[];
  learn: TrainingBudgetSpec;
  retrain: RetrainBudgetSpec;
  /** Retrainings per structure and per baseline, each from scratch with its own seed. */
  seeds: number;
  /** Fractions of the seed's FLOPs near which frontier structures are retrained. */
  targets: number[];
  /** What it is for and how long it takes here (docs/quality.md quotes it). */
  about: string;
}

const TARGETS = [0.25, 0.5, 0.75];

// Structure learning: Adam at a fixed rate (MorphNet's advice), batch 64, as the product's
// Fashion-MNIST presets; the retraining recipe is cosine-decayed Adam, evaluated on the test split.
const learnBudget = (steps: number): TrainingBudgetSpec => ({
  steps,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.01,
  evalInterval: Math.max(50, Math.round(steps / 4)),
  checkpointInterval: Math.max(50, Math.round(steps / 2)),
});

const retrainBudget = (
  epochs: number,
  extra: Partial<RetrainBudgetSpec> = {},
): RetrainBudgetSpec => ({
  epochs,
  batchSize: 64,
  optimizer: 'adam',
  learningRate: 0.003,
  schedule: 'cosine',
  evalInterval: 100_000,
  checkpointInterval: 2000,
  evaluateOn: 'test',
  ...extra,
});

/** The study configurations by name. */
export const STUDY_CONFIGS: Readonly<Record<StudyConfig['name'], StudyConfig>> = {
  smoke: {
    name: 'smoke',
    // Sized from its first run (2 cells per family, 150 steps, 3 seeds: 40 min at load
    // 11–22): one cell per family, 100 steps, 2 seeds — every step of the pipeline, once.
    subsetSize: 2000,
    families: [
      {
        family: 'gamma',
        network: 'fmnist-cnn-wide',
        thresholds: [0.1],
        suggestionCount: 9,
        pick: [4],
      },
      // A rate high enough for gates to fall below 0.1 within 100 steps (see medium).
      {
        family: 'logistic-sigmoid',
        network: 'fmnist-cnn-wide-gated',
        thresholds: [0.1],
        suggestionCount: 9,
        pick: [6],
        learningRate: 0.05,
      },
    ],
    learn: learnBudget(100),
    retrain: retrainBudget(1),
    seeds: 2,
    targets: TARGETS,
    about:
      'Checks the pipeline end to end: 2,000 training images, 1 cell per family, 100 steps, 1 epoch of retraining, 2 seeds',
  },
  medium: {
    name: 'medium',
    // 8,000 training images, not 60,000: one retraining epoch of the full split is ~54,000
    // examples, and at nice 19 on the shared 2 cores this network trained at 40–80 ex/s
    // (smoke, load 11–18), so the 36 retrainings of the full split would take ~6 h.
    subsetSize: 8000,
    families: [
      // Gamma at threshold 0.1 rather than MorphNet's usual 0.01: after a few hundred steps
      // the γ of channels on their way out are still well above 0.01 (docs/benchmarks.md: 0.01
      // kept 79 % of fmnist-cnn after 300 steps at 1.9 / seed FLOPs). Smoke (150 steps) put
      // 0.56 / seed FLOPs at 61 % and 1.78 at 11 %, so the four strengths are 0.18–1.
      {
        family: 'gamma',
        network: 'fmnist-cnn-wide',
        thresholds: [0.1],
        suggestionCount: 9,
        pick: [1, 2, 3, 4],
      },
      // FiGS gate logits start at 2.5 (p = 0.92) and Adam moves a logit by about its rate per
      // step, so at 0.01 no gate can fall below 0.1 before ~470 steps whatever the strength
      // (smoke: 0.56 and 1.78 / seed FLOPs gave the same 90 % structure after 150 steps).
      // Twice the rate, three strengths (1–3.16 / seed FLOPs), to let 300 steps prune: they did
      // not — all three kept 88–89 % (docs/quality.md). FiGS needs the steps of `full`.
      {
        family: 'logistic-sigmoid',
        network: 'fmnist-cnn-wide-gated',
        thresholds: [0.1],
        suggestionCount: 9,
        pick: [4, 5, 6],
        learningRate: 0.02,
      },
    ],
    learn: learnBudget(300),
    retrain: retrainBudget(1),
    seeds: 3,
    targets: TARGETS,
    about:
      'Fashion-MNIST with 8,000 training images (the full 10,000-image test split), 4 (Gamma) and 3 (FiGS, at twice the learning rate) of the 9 suggested strengths, threshold 0.1, 300 steps of structure learning, 1 epoch of retraining, 3 seeds',
  },
  full: {
    name: 'full',
    families: [
      { family: 'gamma', network: 'fmnist-cnn-wide', thresholds: [0.01, 0.1], suggestionCount: 5 },
      {
        family: 'logistic-sigmoid',
        network: 'fmnist-cnn-wide-gated',
        thresholds: [0.1, 0.3],
        suggestionCount: 5,
      },
    ],
    learn: learnBudget(3000),
    retrain: retrainBudget(10),
    seeds: 3,
    targets: TARGETS,
    about:
      "full Fashion-MNIST, the product's 5 suggested strengths × 2 thresholds per family, 3,000 steps (3.2 epochs) of structure learning, 10 epochs of retraining, 3 seeds",
  },
};

/** The configuration named `name`; throws naming the known ones otherwise. */
export function studyConfig(name: string): StudyConfig {
  const config = (STUDY_CONFIGS as Record<string, StudyConfig | undefined>)[name];
  if (!config)
    throw new Error(
      `unknown --config "${name}": use one of ${Object.keys(STUDY_CONFIGS).join(', ')}`,
    );
  return config;
}
