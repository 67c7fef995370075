import type { ArtifactStore } from '@morphsweep/storage';
import type { CheckpointSink } from '@morphsweep/training';

/**
 * A {@link CheckpointSink} over an artifact store: checkpoint of step N at
 * `<prefix>/step-<N, 8 digits>.ckpt`; `load` accepts the URIs `save` returned (or a bare key).
 */
export class ArtifactCheckpointSink implements CheckpointSink {
  constructor(
    private readonly store: ArtifactStore,
    private readonly prefix = 'checkpoints',
  ) {}

  async save(step: number, bytes: Uint8Array): Promise<string> {
    return (
      await this.store.put(`${this.prefix}/step-${String(step).padStart(8, '0')}.ckpt`, bytes)
    ).uri;
  }

  async load(uri: string): Promise<Uint8Array> {
    const base = `${this.store.url}/`;
    return this.store.get(uri.startsWith(base) ? uri.slice(base.length) : uri);
  }
}
