import { Module } from '@nestjs/common';
import { SweepOrchestrator } from '../temporal/sweep-orchestrator.service';
import { RunsController } from './runs.controller';
import { RunsService } from './runs.service';

@Module({ controllers: [RunsController], providers: [RunsService, SweepOrchestrator] })
export class RunsModule {}
