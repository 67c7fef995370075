-- A structure is retrained `retrain.seeds` times (replicas 0..seeds-1), each with its own seed.
-- Existing retrainings are replica 0, trained with their sweep spec's seed (0 when it has none).

-- AlterTable
ALTER TABLE "Retraining" ADD COLUMN     "replica" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "seed" INTEGER;

UPDATE "Retraining" AS r
SET "seed" = COALESCE((s."spec"->>'seed')::INTEGER, 0)
FROM "Sweep" AS s
WHERE s."id" = r."sweepId";

ALTER TABLE "Retraining" ALTER COLUMN "seed" SET NOT NULL;

-- DropIndex
DROP INDEX "Retraining_sweepId_structureHash_kind_key";

-- CreateIndex
CREATE UNIQUE INDEX "Retraining_sweepId_structureHash_kind_replica_key" ON "Retraining"("sweepId", "structureHash", "kind", "replica");
