export type { ArtifactBody, ArtifactInfo, ArtifactStore } from './lib/artifact-store';
export { createArtifactStore, DEFAULT_ARTIFACTS_URL } from './lib/create-artifact-store';
export { LocalArtifactStore } from './lib/local-artifact-store';
export { S3ArtifactStore, type S3ArtifactStoreOptions } from './lib/s3-artifact-store';
export { StorageError, type StorageErrorCode } from './lib/storage.error';
