import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { BatchRunPageDto, BatchRunsQuery } from './batch.dto';
import { BatchRunsQueryService } from './batch-runs-query.service';

@ApiTags('batch')
@Controller('batch')
export class BatchController {
  constructor(private readonly batchRuns: BatchRunsQueryService) {}

  @Get('runs')
  @Roles('staff', 'manager', 'auditor', 'operator')
  @ApiOperation({ summary: '夜間取込の記録 / the nightly runs, newest first: files, counts, errors, matching, exports, 未着' })
  @ApiOkResponse({ type: BatchRunPageDto })
  runs(@Query() query: BatchRunsQuery): Promise<BatchRunPageDto> {
    return this.batchRuns.page(query.limit, query.before);
  }
}
