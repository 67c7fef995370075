import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '@morphsweep/temporal-connection';
import { API_CONFIG, type ApiConfig } from '../config/api.config';

/** Injection token of the Temporal connection. */
export const TEMPORAL_CONNECTION = Symbol('TEMPORAL_CONNECTION');

/**
 * Provides a lazy Temporal connection: the API starts (and reports Temporal as down)
 * even when the server is not reachable yet. TLS files and a Temporal Cloud API key are
 * read at boot, so an unreadable file stops the API with its variable's name.
 */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [API_CONFIG],
      useFactory: async (c: ApiConfig) => Connection.lazy(await temporalConnectionOptions(c)),
    },
  ],
  exports: [TEMPORAL_CONNECTION],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CONNECTION) private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
