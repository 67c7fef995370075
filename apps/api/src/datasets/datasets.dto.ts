import type { DatasetFormat, DatasetResponse, ResolvedDataset } from '@morphsweep/contracts';
import type { DatasetRow } from './datasets.repository';

/** A stored row as the API returns it. */
export function toDatasetDto(row: DatasetRow): DatasetResponse {
  return {
    id: row.id,
    name: row.name,
    uri: row.uri,
    format: row.format as DatasetFormat,
    height: row.height,
    width: row.width,
    channels: row.channels,
    dtype: row.dtype as DatasetResponse['dtype'],
    numClasses: row.numClasses,
    labelRange: [row.labelMin, row.labelMax],
    trainCount: row.trainCount,
    testCount: row.testCount,
    checksum: row.checksum,
    sizeBytes: Number(row.sizeBytes),
    createdAt: row.createdAt.toISOString(),
  };
}

/** What a sweep spec stores of a registered dataset (`dataset.resolved`). */
export function toResolvedDataset(row: DatasetRow): ResolvedDataset {
  const { id, name, uri, height, width, channels, numClasses, trainCount, testCount, checksum } =
    row;
  return {
    id,
    name,
    uri,
    format: row.format as DatasetFormat,
    height,
    width,
    channels,
    numClasses,
    trainCount,
    testCount,
    checksum,
  };
}
