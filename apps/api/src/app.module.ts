import { Module, type DynamicModule } from '@nestjs/common';
import { ArtifactsModule } from './artifacts/artifacts.module';
import { API_CONFIG, type ApiConfig } from './config/api.config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { TemporalModule } from './temporal/temporal.module';

/** The API's root module, built from an already-validated configuration. */
@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [{ provide: API_CONFIG, useValue: config }],
      exports: [API_CONFIG],
      imports: [DatabaseModule, TemporalModule, ArtifactsModule, HealthModule],
    };
  }
}
