/**
 * Temporal task queues. `control` carries workflows and light activities (database, Pareto);
 * the two training queues carry only structure-learning and retraining activities, split by
 * accelerator class so a GPU host and a CPU host each take the work they are sized for.
 */
export const TASK_QUEUES = {
  control: 'morphnet-control',
  trainGpu: 'morphnet-train-gpu',
  trainCpu: 'morphnet-train-cpu',
} as const;

export type TaskQueue = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

/** Accelerator classes a sweep may ask for. */
export const ACCELERATOR_CLASSES = ['gpu', 'cpu', 'any'] as const;
export type AcceleratorClass = (typeof ACCELERATOR_CLASSES)[number];

/**
 * The training queue for an accelerator class. `any` maps to the CPU queue: every training
 * host can run CPU work, so a GPU worker that should also take `any` sweeps serves both
 * training queues (the default worker serves all three queues).
 */
export function trainingQueueFor(accelerator: AcceleratorClass): TaskQueue {
  return accelerator === 'gpu' ? TASK_QUEUES.trainGpu : TASK_QUEUES.trainCpu;
}
