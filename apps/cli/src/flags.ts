import { UsageError } from './command';

/** The value of `--flag` if it is one of `allowed`, `fallback` when absent; else a UsageError. */
export function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/**
 * The number given to `--flag`, checked by `check`; `fallback` when absent, or a UsageError
 * saying the flag is required when there is no fallback.
 */
export function numberFlag(
  value: string | undefined,
  flag: string,
  fallback: number | undefined,
  check: (n: number) => boolean,
): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${flag} is required`);
    return fallback;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${flag} got an invalid value "${value}"`);
  return n;
}

export const positiveInt = (n: number): boolean => Number.isInteger(n) && n > 0;
