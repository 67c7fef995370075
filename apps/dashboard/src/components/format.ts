/** 1234567 → "1.23M": compact numbers for costs (FLOPs, bytes). */
export function compact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return new Intl.NumberFormat('en', { notation: 'compact', maximumSignificantDigits: 3 }).format(
    value,
  );
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

export function scientific(value: number): string {
  return value.toExponential(2);
}

export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}
