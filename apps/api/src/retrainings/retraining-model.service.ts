import { ConflictException, Inject, Injectable } from '@nestjs/common';
import { parseSweepSpec } from '@morphsweep/contracts';
import { RetrainingRepository, SweepRepository, type Db } from '@morphsweep/db';
import {
  MorphnetError,
  exportTfjsLayersModel,
  type NetworkDescription,
  type TfjsLayersExport,
} from '@morphsweep/morphnet';
import type { ArtifactStore } from '@morphsweep/storage';
import { retrainedNetworkOf } from '@morphsweep/sweeps';
// The light entry: the main one would register the wasm backend in the API process.
import { decodeCheckpoint } from '@morphsweep/training/checkpoints';
import { ARTIFACT_STORE } from '../artifacts/artifacts.module';
import { DB } from '../database/database.module';

/**
 * The shard's name in the exported `model.json`. TF.js resolves manifest paths against the
 * model URL's folder, so `/api/retrainings/:id/model` finds it at `/api/retrainings/:id/<name>`.
 */
export const MODEL_SHARD_NAME = 'model.weights.bin';

/** A retraining's exported model, with the checkpoint it came from. */
export interface RetrainingModel extends TfjsLayersExport {
  readonly checkpointUri: string;
}

/**
 * A SUCCEEDED retraining as a TF.js layers model: its network (rebuilt by the rule the
 * retraining activity trained it with, `retrainedNetworkOf`) with the values of its
 * newest checkpoint — the final one, which the training loop always writes.
 */
@Injectable()
export class RetrainingModelService {
  // model.json and its shard are two requests; keep the last export for the second.
  private last?: { id: string; model: RetrainingModel };

  constructor(
    private readonly retrainings: RetrainingRepository,
    private readonly sweeps: SweepRepository,
    @Inject(DB) private readonly db: Db,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
  ) {}

  /** The network the retraining trained; 409 when it cannot be rebuilt. */
  async network(id: string): Promise<NetworkDescription> {
    const retraining = await this.retrainings.get(id);
    const source = await this.retrainings.sourceOf(retraining);
    if (!source.ok) throw new ConflictException(`cannot rebuild the network: ${source.problem}`);
    const parsed = parseSweepSpec((await this.sweeps.get(retraining.sweepId)).spec);
    if (!parsed.ok)
      throw new ConflictException(
        `the sweep's stored spec no longer validates: ${parsed.issues[0]?.message}`,
      );
    return retrainedNetworkOf(parsed.spec, retraining.kind, source);
  }

  /** The exported model; 409 before the retraining has succeeded. */
  async model(id: string): Promise<RetrainingModel> {
    const retraining = await this.retrainings.get(id);
    if (retraining.status !== 'SUCCEEDED')
      throw new ConflictException(
        `retraining ${id} has no final model (it is ${retraining.status.toLowerCase()})`,
      );
    const checkpoint = await this.newestCheckpoint(id);
    if (this.last?.id === id && this.last.model.checkpointUri === checkpoint)
      return this.last.model;
    const network = await this.network(id);
    const prefix = `${this.store.url}/`;
    if (!checkpoint.startsWith(prefix))
      throw new ConflictException(`checkpoint ${checkpoint} is not in this API's artifact store`);
    const { tensors } = decodeCheckpoint(await this.store.get(checkpoint.slice(prefix.length)));
    // Model variables are `model/<layer>/<param>`; optimizer slots are not part of the model.
    const weights = new Map(
      tensors
        .filter((t) => t.name.startsWith('model/'))
        .map((t) => [t.name.slice('model/'.length), t.values] as const),
    );
    let exported: TfjsLayersExport;
    try {
      exported = exportTfjsLayersModel(network, { weights, shardPath: MODEL_SHARD_NAME });
    } catch (error) {
      // The checkpoint does not fit the network, or a gate cannot be folded: the stored
      // state is the problem, not the request.
      if (!(error instanceof MorphnetError)) throw error;
      throw new ConflictException(`retraining ${id} cannot be exported: ${error.message}`);
    }
    const model = { ...exported, checkpointUri: checkpoint };
    this.last = { id, model };
    return model;
  }

  private async newestCheckpoint(id: string): Promise<string> {
    const rows = await this.db.artifact.findMany({
      where: { retrainingId: id, kind: 'CHECKPOINT' },
      select: { uri: true },
    });
    // Keys end in a zero-padded step (`checkpoint-000000120.bin`), so the largest is newest.
    const newest = rows
      .map((r) => r.uri)
      .sort()
      .at(-1);
    if (!newest) throw new ConflictException(`retraining ${id} has no checkpoint`);
    return newest;
  }
}
