import { Module } from '@nestjs/common';
import { RetrainingsController } from './retrainings.controller';

@Module({ controllers: [RetrainingsController] })
export class RetrainingsModule {}
