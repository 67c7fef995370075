/** Optimizers a training budget may name (structure learning and retraining alike). */
export const OPTIMIZERS = ['adam', 'sgd', 'momentum'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];
