import { randomUUID } from 'node:crypto';
import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  REGISTERED_DATASET_KIND,
  registerDatasetSchema,
  type DatasetResponse,
} from '@morphsweep/contracts';
import { DatasetError, importDataset } from '@morphsweep/datasets';
import type { Page } from '@morphsweep/db';
import { parseWith } from '../common/pagination.dto';
import { ValidationError } from '../common/validation.error';
import { API_CONFIG, type ApiConfig } from '../config/api.config';
import { datasetFileRefusal } from './dataset-file-roots';
import { toDatasetDto, toResolvedDataset } from './datasets.dto';
import { DatasetRepository } from './datasets.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Datasets registered by URI: read and checked once at registration, then referred to by sweeps. */
@Injectable()
export class DatasetsService {
  constructor(
    @Inject(DatasetRepository) private readonly datasets: DatasetRepository,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /**
   * Registers the dataset at `body.uri`: reads it through the artifact store, decodes it in
   * `body.format` into the cached tensor file, and stores what was found. Idempotent on name +
   * checksum: the same data under a name seen before returns that row (`created: false`);
   * other data under it is a 409 naming both checksums. A URI that cannot be read or does not
   * hold the format, or a `file:///` URI outside the folders the API may read
   * (`datasetFileRefusal`), is a 400 on `uri` saying why, and nothing is stored.
   */
  async register(body: unknown): Promise<{ dataset: DatasetResponse; created: boolean }> {
    const request = parseWith(registerDatasetSchema, body);
    const refusal = await datasetFileRefusal(request.uri, this.config);
    if (refusal) throw new ValidationError([{ path: 'uri', message: refusal }]);
    let facts;
    try {
      ({ facts } = await importDataset(request));
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      throw new ValidationError([{ path: 'uri', message: error.message }]);
    }
    const { labelRange, ...rest } = facts;
    const { dataset, created } = await this.datasets.createOrFind({
      id: randomUUID(),
      ...request,
      ...rest,
      labelMin: labelRange[0],
      labelMax: labelRange[1],
      sizeBytes: BigInt(facts.sizeBytes),
    });
    if (!created && dataset.checksum !== facts.checksum) {
      throw new ConflictException(
        `dataset "${request.name}" is registered with checksum ${dataset.checksum}; ${request.uri} holds ${facts.checksum}: register the new data under another name`,
      );
    }
    return { dataset: toDatasetDto(dataset), created };
  }

  async list(page: { offset: number; limit: number }): Promise<Page<DatasetResponse>> {
    const { items, total } = await this.datasets.list(page);
    return { items: items.map(toDatasetDto), total, ...page };
  }

  /** The dataset with this id; 404 when there is none. */
  async get(id: string): Promise<DatasetResponse> {
    const row = await this.datasets.findById(id);
    if (!row) throw new NotFoundException(`no dataset ${id}`);
    return toDatasetDto(row);
  }

  /**
   * A submitted sweep spec with its registered dataset (named by name or id) looked up and
   * written into `dataset.resolved` — whatever the client sent there — so validation checks
   * the seed against what was found and workers read those bytes. Any other spec unchanged.
   * An unknown name is a 400 on `dataset.dataset`.
   */
  async resolveSpec(body: unknown): Promise<unknown> {
    const dataset = (body as { dataset?: { kind?: unknown; dataset?: unknown } } | null)?.dataset;
    if (dataset?.kind !== REGISTERED_DATASET_KIND || typeof dataset.dataset !== 'string')
      return body;
    const ref = dataset.dataset;
    const row = UUID.test(ref)
      ? await this.datasets.findById(ref.toLowerCase())
      : await this.datasets.findByName(ref);
    if (!row)
      throw new ValidationError([
        { path: 'dataset.dataset', message: `no registered dataset "${ref}" (by name or id)` },
      ]);
    return { ...(body as object), dataset: { ...dataset, resolved: toResolvedDataset(row) } };
  }
}
