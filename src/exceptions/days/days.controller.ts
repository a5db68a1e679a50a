import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import type { SessionUser } from '../../auth/roles';
import { CloseDayDto, DayStatusDto, DecisionDto } from '../workflow.dto';
import { DaysService } from './days.service';

@ApiTags('days')
@Controller('days')
export class DaysController {
  constructor(private readonly days: DaysService) {}

  @Get(':date')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '日次締めの状態 / whether a business day is closed, by whom, and what keeps it open' })
  @ApiOkResponse({ type: DayStatusDto })
  status(@Param('date') date: string): Promise<DayStatusDto> {
    return this.days.status(date);
  }

  @Post(':date/close')
  @Roles('manager')
  @ApiOperation({ summary: '日次締め / close a business day once its exceptions are resolved or carried over' })
  @HttpCode(204)
  @ApiNoContentResponse()
  close(@Param('date') date: string, @Body() body: CloseDayDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.days.close(date, user, body.reason);
  }

  @Post(':date/reopen')
  @Roles('manager')
  @ApiOperation({ summary: '締め解除 / reopen a closed day (reason required)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  reopen(@Param('date') date: string, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.days.reopen(date, user, body.reason);
  }
}
