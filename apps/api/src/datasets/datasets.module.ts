import { Module } from '@nestjs/common';
import type { Db } from '@morphsweep/db';
import { DB } from '../database/database.module';
import { DatasetsController } from './datasets.controller';
import { DatasetRepository } from './datasets.repository';
import { DatasetsService } from './datasets.service';

/** `POST`/`GET /api/datasets`; exports the service, which resolves a sweep spec's dataset. */
@Module({
  controllers: [DatasetsController],
  providers: [
    { provide: DatasetRepository, inject: [DB], useFactory: (db: Db) => new DatasetRepository(db) },
    DatasetsService,
  ],
  exports: [DatasetsService],
})
export class DatasetsModule {}
