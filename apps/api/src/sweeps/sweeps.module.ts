import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import { SweepReconciler } from './sweep-reconciler.service';
import { SweepsController } from './sweeps.controller';
import { SweepsService } from './sweeps.service';

@Module({
  imports: [DatasetsModule],
  controllers: [SweepsController],
  providers: [SweepsService, SweepOrchestrator, SweepReconciler],
})
export class SweepsModule {}
