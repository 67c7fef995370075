import type { Readable } from 'node:stream';

/** What the store knows of one object. */
export interface ArtifactInfo {
  /** Key inside the store, e.g. `runs/<id>/checkpoint-00100.bin`. */
  key: string;
  /** Full URI: `<store url>/<key>`, what the database records. */
  uri: string;
  sizeBytes: number;
  /** Hex SHA-256 of the content, computed when it was written. */
  sha256: string;
}

/** Bytes to store: in memory, or a stream for large objects (spooled, never held whole). */
export type ArtifactBody = Uint8Array | string | Readable;

/**
 * Where runs keep checkpoints, structures and models. Keys are `/`-separated relative
 * paths (no `..`, no leading `/`); a bad key throws `StorageError` INVALID_KEY, a missing
 * object NOT_FOUND. Writes replace whole objects, so writing the same key twice is safe.
 */
export interface ArtifactStore {
  /** The store's own URL: `s3://bucket/prefix` or `file:///abs/dir`. */
  readonly url: string;
  /** Writes an object and returns its size and SHA-256. */
  put(key: string, body: ArtifactBody): Promise<ArtifactInfo>;
  /** Reads a whole object, verifying it against its recorded SHA-256 (CHECKSUM_MISMATCH). */
  get(key: string): Promise<Buffer>;
  /** Streams an object (for large ones; not verified). */
  getStream(key: string): Promise<Readable>;
  /** Size and checksum, or undefined when there is no such object. */
  stat(key: string): Promise<ArtifactInfo | undefined>;
  exists(key: string): Promise<boolean>;
  /** Every object whose key starts with `prefix`, sorted by key. */
  list(prefix?: string): Promise<ArtifactInfo[]>;
  /** Removes an object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  /** The URI an object at `key` has (whether or not it exists). */
  uriOf(key: string): string;
  /** Resolves when the store can be used; throws `StorageError` UNAVAILABLE with the reason. */
  check(): Promise<void>;
}
