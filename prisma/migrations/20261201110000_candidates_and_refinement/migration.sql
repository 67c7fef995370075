-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "refineRound" INTEGER;

-- CreateTable
CREATE TABLE "Candidate" (
    "runId" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "sweepId" UUID NOT NULL,
    "structure" JSONB NOT NULL,
    "structureHash" TEXT NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "accuracy" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("runId","step","threshold")
);

-- CreateIndex
CREATE INDEX "Candidate_sweepId_structureHash_idx" ON "Candidate"("sweepId", "structureHash");

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;
