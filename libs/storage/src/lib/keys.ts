import { StorageError } from './storage.error';

/**
 * Throws `StorageError` INVALID_KEY unless `key` is a clean relative `/`-path. Segments may
 * not start with "." (no `..` escapes; dot-folders are the stores' own bookkeeping).
 */
export function assertValidKey(key: string): void {
  const reason =
    key.length === 0
      ? 'it is empty'
      : key.startsWith('/')
        ? 'it starts with "/"'
        : key.includes('\\')
          ? 'it contains "\\"'
          : key.split('/').some((part) => part === '' || part.startsWith('.'))
            ? 'it has an empty segment or one starting with "." (such as "..")'
            : key.length > 1024
              ? 'it is longer than 1024 characters'
              : undefined;
  if (reason) throw new StorageError('INVALID_KEY', `invalid artifact key "${key}": ${reason}`);
}
