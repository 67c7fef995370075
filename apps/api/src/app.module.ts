import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ArtifactsModule } from './artifacts/artifacts.module';
import { CandidatesModule } from './candidates/candidates.module';
import { ApiTokenGuard } from './common/api-token.guard';
import { API_CONFIG, type ApiConfig } from './config/api.config';
import { DatabaseModule } from './database/database.module';
import { DatasetsModule } from './datasets/datasets.module';
import { RepositoriesModule } from './database/repositories.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { NetworksModule } from './networks/networks.module';
import { RetrainingsModule } from './retrainings/retrainings.module';
import { RunsModule } from './runs/runs.module';
import { SweepsModule } from './sweeps/sweeps.module';
import { ZooModule } from './zoo/zoo.module';
import { TemporalModule } from './temporal/temporal.module';

/** The API's root module, built from an already-validated configuration. */
@Module({})
export class AppModule {
  static forConfig(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      providers: [
        { provide: API_CONFIG, useValue: config },
        { provide: APP_GUARD, useClass: ApiTokenGuard },
      ],
      exports: [API_CONFIG],
      imports: [
        DatabaseModule,
        RepositoriesModule,
        TemporalModule,
        ArtifactsModule,
        MetricsModule,
        HealthModule,
        ZooModule,
        NetworksModule,
        DatasetsModule,
        SweepsModule,
        RunsModule,
        RetrainingsModule,
        CandidatesModule,
        EventsModule,
      ],
    };
  }
}
