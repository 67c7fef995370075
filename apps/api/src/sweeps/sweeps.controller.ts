import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { parseWith } from '../common/pagination.dto';
import { listSweepsQuerySchema } from './sweeps.dto';
import { SweepsService } from './sweeps.service';

@ApiTags('sweeps')
@Controller('sweeps')
export class SweepsController {
  constructor(private readonly sweeps: SweepsService) {}

  /** Submits a sweep: 201 with the new sweep, or 200 with the earlier one for a repeated Idempotency-Key. */
  @Post()
  @ApiBearerAuth()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retried POST with the same key returns the same sweep' })
  @HttpCode(201)
  async create(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { sweep, created } = await this.sweeps.create(body, idempotencyKey || undefined);
    if (!created) res.status(200);
    return sweep;
  }

  /** Stops the sweep's trainings and cancels its remaining cells (202); 409 if it is already final. */
  @Post(':id/cancel')
  @ApiBearerAuth()
  @HttpCode(202)
  cancel(@Param('id', ParseUUIDPipe) id: string) {
    return this.sweeps.cancel(id);
  }

  /** Re-runs only the FAILED and CANCELLED cells, each from its last checkpoint (202); 409 if none. */
  @Post(':id/resume')
  @ApiBearerAuth()
  @HttpCode(202)
  resume(@Param('id', ParseUUIDPipe) id: string) {
    return this.sweeps.resumeFailed(id);
  }

  @Get()
  list(@Query() query: unknown) {
    return this.sweeps.list(parseWith(listSweepsQuerySchema, query));
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string) {
    return this.sweeps.get(id);
  }
}
