// Entry point the Temporal workflow bundler compiles: every workflow of MorphSweep.
export { sweepWorkflow } from './lib/sweep/sweep.workflow';
export { retrainWorkflow } from './lib/retrain/retrain.workflow';
