import { Module } from '@nestjs/common';
import { CandidateRepository, type Db } from '@morphsweep/db';
import { DB } from '../database/database.module';
import { CandidatesController } from './candidates.controller';
import { CandidatesService } from './candidates.service';

@Module({
  controllers: [CandidatesController],
  providers: [
    CandidatesService,
    {
      provide: CandidateRepository,
      inject: [DB],
      useFactory: (db: Db) => new CandidateRepository(db),
    },
  ],
})
export class CandidatesModule {}
