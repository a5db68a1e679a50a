import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { DailyQuery, DailyReconciliationDto } from './reconciliation.dto';
import { ReconciliationService } from './reconciliation.service';

@ApiTags('reconciliation')
@Controller()
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Get('reconciliation/daily')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '本日の消込 / one day: imports, payments by channel, open exceptions' })
  @ApiOkResponse({ type: DailyReconciliationDto })
  daily(@Query() query: DailyQuery): Promise<DailyReconciliationDto> {
    return this.reconciliation.daily(query.date);
  }
}
