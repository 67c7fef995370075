import { RUN_STATES, isCollapsedRun, type RunState } from '@morphsweep/contracts';

const COLORS: Record<string, string> = {
  QUEUED: '#6b7280',
  RUNNING: '#2563eb',
  SUCCEEDED: '#16a34a',
  FAILED: '#dc2626',
  CANCELLED: '#a16207',
};

// A collapsed cell is FAILED with STRUCTURE_COLLAPSED: an outcome of the sweep, not a fault.
const COLLAPSED_COLOR = '#7c3aed';

/**
 * A run's or sweep's state as a coloured label (colour is never the only cue: text too). Given
 * a run's `errorCode`, a collapsed run (`isCollapsedRun`) reads "collapsed", not "failed".
 */
export function StatusBadge({ status, errorCode }: { status: string; errorCode?: string | null }) {
  const collapsed =
    (RUN_STATES as readonly string[]).includes(status) &&
    isCollapsedRun({ status: status as RunState, errorCode });
  return (
    <span
      className="badge"
      style={{ background: collapsed ? COLLAPSED_COLOR : (COLORS[status] ?? '#6b7280') }}
    >
      {collapsed ? 'collapsed' : status.toLowerCase()}
    </span>
  );
}

export const STATUS_COLORS = COLORS;
