-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SweepStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RetrainingStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RetrainingTrigger" AS ENUM ('AUTO', 'PROMOTED');

-- CreateEnum
CREATE TYPE "RetrainingKind" AS ENUM ('LEARNED', 'WIDTH_MULTIPLIER');

-- CreateEnum
CREATE TYPE "ArtifactKind" AS ENUM ('CHECKPOINT', 'STRUCTURE', 'NETWORK', 'MODEL');

-- CreateTable
CREATE TABLE "Sweep" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'QUEUED',
    "seedCost" DOUBLE PRECISION,
    "workflowId" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" UUID NOT NULL,
    "sweepId" UUID NOT NULL,
    "cellIndex" INTEGER NOT NULL,
    "strength" DOUBLE PRECISION NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "step" INTEGER NOT NULL DEFAULT 0,
    "progress" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "lastCheckpointUri" TEXT,
    "structure" JSONB,
    "structureHash" TEXT,
    "flops" DOUBLE PRECISION,
    "modelSize" DOUBLE PRECISION,
    "latency" DOUBLE PRECISION,
    "cost" DOUBLE PRECISION,
    "accuracy" DOUBLE PRECISION,
    "regLoss" DOUBLE PRECISION,
    "paretoOptimal" BOOLEAN NOT NULL DEFAULT false,
    "errorCode" TEXT,
    "error" TEXT,
    "workerIdentity" TEXT,
    "backend" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunMetric" (
    "runId" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "taskLoss" DOUBLE PRECISION NOT NULL,
    "regLoss" DOUBLE PRECISION NOT NULL,
    "cost" DOUBLE PRECISION NOT NULL,
    "accuracy" DOUBLE PRECISION,
    "examplesPerSecond" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunMetric_pkey" PRIMARY KEY ("runId","step")
);

-- CreateTable
CREATE TABLE "Retraining" (
    "id" UUID NOT NULL,
    "sweepId" UUID NOT NULL,
    "sourceRunId" UUID,
    "kind" "RetrainingKind" NOT NULL DEFAULT 'LEARNED',
    "structureHash" TEXT NOT NULL,
    "trigger" "RetrainingTrigger" NOT NULL,
    "status" "RetrainingStatus" NOT NULL DEFAULT 'QUEUED',
    "workflowId" TEXT NOT NULL,
    "finalAccuracy" DOUBLE PRECISION,
    "measuredCost" DOUBLE PRECISION,
    "parameters" INTEGER,
    "checkpointUri" TEXT,
    "errorCode" TEXT,
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Retraining_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Artifact" (
    "id" UUID NOT NULL,
    "uri" TEXT NOT NULL,
    "kind" "ArtifactKind" NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "sha256" TEXT NOT NULL,
    "runId" UUID,
    "retrainingId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Artifact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Sweep_workflowId_key" ON "Sweep"("workflowId");

-- CreateIndex
CREATE UNIQUE INDEX "Sweep_idempotencyKey_key" ON "Sweep"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Sweep_status_createdAt_idx" ON "Sweep"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Sweep_createdAt_idx" ON "Sweep"("createdAt");

-- CreateIndex
CREATE INDEX "Run_sweepId_status_idx" ON "Run"("sweepId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Run_sweepId_strength_threshold_key" ON "Run"("sweepId", "strength", "threshold");

-- CreateIndex
CREATE UNIQUE INDEX "Run_sweepId_cellIndex_key" ON "Run"("sweepId", "cellIndex");

-- CreateIndex
CREATE UNIQUE INDEX "Retraining_workflowId_key" ON "Retraining"("workflowId");

-- CreateIndex
CREATE INDEX "Retraining_sourceRunId_idx" ON "Retraining"("sourceRunId");

-- CreateIndex
CREATE UNIQUE INDEX "Retraining_sweepId_structureHash_kind_key" ON "Retraining"("sweepId", "structureHash", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Artifact_uri_key" ON "Artifact"("uri");

-- CreateIndex
CREATE INDEX "Artifact_runId_idx" ON "Artifact"("runId");

-- CreateIndex
CREATE INDEX "Artifact_retrainingId_idx" ON "Artifact"("retrainingId");

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunMetric" ADD CONSTRAINT "RunMetric_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Retraining" ADD CONSTRAINT "Retraining_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Retraining" ADD CONSTRAINT "Retraining_sourceRunId_fkey" FOREIGN KEY ("sourceRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Artifact" ADD CONSTRAINT "Artifact_retrainingId_fkey" FOREIGN KEY ("retrainingId") REFERENCES "Retraining"("id") ON DELETE CASCADE ON UPDATE CASCADE;

