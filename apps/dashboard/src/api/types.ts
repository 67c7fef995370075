// The API's responses as the dashboard reads them: the types the API's own response schemas
// (`@morphsweep/contracts`) infer, so a field renamed on one side fails the other's typecheck.
// Type-only: none of the schemas end up in the bundle.
export type {
  Page,
  SweepResponse as Sweep,
  SweepSummary,
  SweepDetailResponse as SweepDetail,
  RunResponse as Run,
  RunDetailResponse as RunDetail,
  MetricPoint,
  MetricPageResponse as MetricPage,
  RunPoint,
  RetrainingResponse as Retraining,
  CandidateResponse as Candidate,
  ZooEntry as ZooNetwork,
  DatasetResponse as Dataset,
  NetworkInspection,
  StrengthSuggestion,
  ApiError as ApiErrorBody,
} from '@morphsweep/contracts';
