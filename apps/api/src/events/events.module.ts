import { Module } from '@nestjs/common';
import { ChangeFeed, type Db } from '@morphsweep/db';
import { DB } from '../database/database.module';
import { ChangePoller } from './change-poller';
import { EventsController } from './events.controller';

@Module({
  controllers: [EventsController],
  providers: [
    { provide: ChangeFeed, inject: [DB], useFactory: (db: Db) => new ChangeFeed(db) },
    ChangePoller,
  ],
})
export class EventsModule {}
