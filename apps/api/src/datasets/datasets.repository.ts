import type { Db } from '@morphsweep/db';

/** A stored dataset row (what `POST /api/datasets` writes). */
export type DatasetRow = NonNullable<Awaited<ReturnType<Db['dataset']['findUnique']>>>;

/** What registering writes: the id is the caller's, so a retried write finds the same row. */
export type NewDataset = Omit<DatasetRow, 'createdAt'>;

/** Thin queries over the `Dataset` table. */
export class DatasetRepository {
  constructor(private readonly db: Db) {}

  findById(id: string): Promise<DatasetRow | null> {
    return this.db.dataset.findUnique({ where: { id } });
  }

  findByName(name: string): Promise<DatasetRow | null> {
    return this.db.dataset.findUnique({ where: { name } });
  }

  /**
   * Inserts `row` unless a dataset of that name exists; resolves to the stored row either
   * way and whether this call created it (concurrent registrations of one name: one wins).
   */
  async createOrFind(row: NewDataset): Promise<{ dataset: DatasetRow; created: boolean }> {
    const created = await this.db.dataset.createMany({ data: [row], skipDuplicates: true });
    const dataset = await this.db.dataset.findUniqueOrThrow({ where: { name: row.name } });
    return { dataset, created: created.count === 1 };
  }

  /** One page, newest first, and the total. */
  async list(page: {
    offset: number;
    limit: number;
  }): Promise<{ items: DatasetRow[]; total: number }> {
    const [items, total] = await Promise.all([
      this.db.dataset.findMany({
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        skip: page.offset,
        take: page.limit,
      }),
      this.db.dataset.count(),
    ]);
    return { items, total };
  }
}
