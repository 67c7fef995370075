import type { Db } from '../prisma-client';
import type { Artifact, ArtifactKind } from '../../generated/prisma/client';

export interface NewArtifact {
  id: string;
  uri: string;
  kind: ArtifactKind;
  sizeBytes: number;
  sha256: string;
  runId?: string;
  retrainingId?: string;
}

/** The Artifact table: what the artifact store holds for each run and retraining. */
export class ArtifactRepository {
  constructor(private readonly db: Db) {}

  /** Records an artifact by URI; writing the same URI again updates size and checksum. */
  record(input: NewArtifact): Promise<Artifact> {
    const { id, uri, ...rest } = input;
    const data = { ...rest, sizeBytes: BigInt(rest.sizeBytes) };
    return this.db.artifact.upsert({ where: { uri }, create: { id, uri, ...data }, update: data });
  }

  /** Deletes the rows of these URIs (the objects are the caller's to delete); how many went. */
  async deleteByUris(uris: readonly string[]): Promise<number> {
    if (uris.length === 0) return 0;
    const { count } = await this.db.artifact.deleteMany({ where: { uri: { in: [...uris] } } });
    return count;
  }

  listForRun(runId: string): Promise<Artifact[]> {
    return this.db.artifact.findMany({ where: { runId }, orderBy: { createdAt: 'asc' } });
  }
}
