import { Module } from '@nestjs/common';
import { RetrainingModelController } from './retraining-model.controller';
import { RetrainingModelService } from './retraining-model.service';
import { RetrainingsController } from './retrainings.controller';

@Module({
  controllers: [RetrainingsController, RetrainingModelController],
  providers: [RetrainingModelService],
})
export class RetrainingsModule {}
