const COLORS: Record<string, string> = {
  QUEUED: '#6b7280',
  RUNNING: '#2563eb',
  SUCCEEDED: '#16a34a',
  FAILED: '#dc2626',
  CANCELLED: '#a16207',
};

/** A run's or sweep's state as a coloured label (colour is never the only cue: text too). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="badge" style={{ background: COLORS[status] ?? '#6b7280' }}>
      {status.toLowerCase()}
    </span>
  );
}

export const STATUS_COLORS = COLORS;
