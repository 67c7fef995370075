import { Global, Module } from '@nestjs/common';
import {
  ArtifactRepository,
  RetrainingRepository,
  RunMetricRepository,
  RunRepository,
  SweepRepository,
  type Db,
} from '@morphsweep/db';
import { DB } from './database.module';

const repositories = [
  SweepRepository,
  RunRepository,
  RunMetricRepository,
  RetrainingRepository,
  ArtifactRepository,
];

/** Provides each repository of libs/db (keyed by its class) over the one Prisma client. */
@Global()
@Module({
  providers: repositories.map((R) => ({
    provide: R,
    inject: [DB],
    useFactory: (db: Db) => new R(db),
  })),
  exports: repositories,
})
export class RepositoriesModule {}
