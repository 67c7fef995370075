import type { BackendSelection } from './backend-info';

/**
 * One line naming the backend in use, its package, TensorFlow version and devices (native),
 * threads (wasm), and what was skipped on the way and why — what a worker prints at start.
 */
export function describeBackendSelection(selection: BackendSelection): string {
  const b = selection.backend;
  const parts = [`${b.package}@${b.version}`];
  if (b.tensorflowVersion) parts.push(`TensorFlow ${b.tensorflowVersion}`);
  if (b.devices) parts.push(`devices ${b.devices.join(', ')}`);
  if (b.threads !== undefined) parts.push(`${b.threads} thread${b.threads === 1 ? '' : 's'}`);
  const how = selection.overridden ? 'forced by MORPHSWEEP_BACKEND' : 'fastest available';
  const skipped = selection.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  return `training backend ${b.name} (${parts.join(', ')}; ${how})${skipped ? `; skipped ${skipped}` : ''}`;
}
