import { Module } from '@nestjs/common';
import { RunChangeFeed, type Db } from '@morphsweep/db';
import { DB } from '../database/database.module';
import { EventsController } from './events.controller';

@Module({
  controllers: [EventsController],
  providers: [{ provide: RunChangeFeed, inject: [DB], useFactory: (db: Db) => new RunChangeFeed(db) }],
})
export class EventsModule {}
