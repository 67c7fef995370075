-- CreateIndex
CREATE INDEX "Run_updatedAt_id_idx" ON "Run"("updatedAt", "id");

-- CreateIndex
CREATE INDEX "Retraining_updatedAt_id_idx" ON "Retraining"("updatedAt", "id");
