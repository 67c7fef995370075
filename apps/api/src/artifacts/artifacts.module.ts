import { Global, Module } from '@nestjs/common';
import { createArtifactStore } from '@morphsweep/storage';
import { API_CONFIG, type ApiConfig } from '../config/api.config';

/** Injection token of the artifact store. */
export const ARTIFACT_STORE = Symbol('ARTIFACT_STORE');

/** Provides the artifact store named by ARTIFACTS_URL. */
@Global()
@Module({
  providers: [
    {
      provide: ARTIFACT_STORE,
      inject: [API_CONFIG],
      useFactory: (c: ApiConfig) => createArtifactStore(c.ARTIFACTS_URL),
    },
  ],
  exports: [ARTIFACT_STORE],
})
export class ArtifactsModule {}
