import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { createDb, type Db } from '@morphsweep/db';
import { API_CONFIG, type ApiConfig } from '../config/api.config';

/** Injection token of the Prisma client. */
export const DB = Symbol('DB');

/** Provides one Prisma client for the whole API and closes it on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: DB,
      inject: [API_CONFIG],
      useFactory: (c: ApiConfig) =>
        createDb(
          c.DATABASE_URL,
          c.DATABASE_POOL_MAX === undefined ? {} : { maxConnections: c.DATABASE_POOL_MAX },
        ),
    },
  ],
  exports: [DB],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DB) private readonly db: Db) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.$disconnect();
  }
}
