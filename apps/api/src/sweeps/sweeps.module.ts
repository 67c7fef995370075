import { Module } from '@nestjs/common';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import { SweepReconciler } from './sweep-reconciler.service';
import { SweepsController } from './sweeps.controller';
import { SweepsService } from './sweeps.service';

@Module({
  controllers: [SweepsController],
  providers: [SweepsService, SweepOrchestrator, SweepReconciler],
})
export class SweepsModule {}
