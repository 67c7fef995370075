import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiTags } from '@nestjs/swagger';
import { ApiContract } from '../common/api-contract.decorator';
import { healthReportSchema } from './health.dto';
import { HealthService, type HealthReport } from './health.service';

/** `GET /api/health`: 200 when every dependency is up, 503 with the same body otherwise. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiContract({
    responses: {
      200: healthReportSchema.describe('Every dependency is up'),
      503: healthReportSchema.describe('At least one dependency is down'),
    },
  })
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.report();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
