export { createDb, type Db, type DbOptions } from './lib/prisma-client';
export { DbError, type DbErrorCode } from './lib/db.error';
export {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  type MigrationResult,
} from './lib/migrations/apply-migrations';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  resolvePage,
  type Page,
  type PageRequest,
} from './lib/pagination';
export {
  SweepRepository,
  type NewSweep,
  type NewRunCell,
  type RunCounts,
  type SweepSummaryRow,
} from './lib/repositories/sweep.repository';
export {
  RunRepository,
  type RunPointRow,
  type RunResult,
  type RunSortKey,
  type RunStateChange,
} from './lib/repositories/run.repository';
export {
  METRIC_SERIES,
  RunMetricRepository,
  type MetricPoint,
  type StoredMetricPoint,
} from './lib/repositories/run-metric.repository';
export {
  RetrainingRepository,
  type NewRetraining,
  type RetrainingOutcome,
  type RetrainingSource,
} from './lib/repositories/retraining.repository';
export { ArtifactRepository, type NewArtifact } from './lib/repositories/artifact.repository';
export { CandidateRepository, type NewCandidate } from './lib/repositories/candidate.repository';
export {
  GridRefinementRepository,
  type NewRefinedCell,
  type RefinementCellRow,
} from './lib/repositories/grid-refinement.repository';
export type {
  Artifact,
  ArtifactKind,
  Candidate,
  Retraining,
  RetrainingKind,
  RetrainingStatus,
  RetrainingTrigger,
  Run,
  RunMetric,
  RunStatus,
  Sweep,
  SweepStatus,
} from './generated/prisma/client';
export {
  ChangeFeed,
  MIN_FEED_ID,
  type ChangeFeedOptions,
  type FeedPosition,
  type RetrainingChange,
  type RunChange,
} from './lib/repositories/change-feed';
