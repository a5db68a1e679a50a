import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import {
  AssignDto, BulkAssignDto, BulkAssignResultDto, CloseDayDto, CommentBodyDto, CommentCreatedDto, DayStatusDto, DecisionDto,
  ResolveExceptionDto, ResolveResultDto, StatusDto,
} from './workflow.dto';
import { WorkflowService } from './workflow.service';

@ApiTags('workflow')
@Controller()
export class WorkflowController {
  constructor(private readonly workflow: WorkflowService) {}

  @Post('exceptions/:id/resolve')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '処理 / resolve an exception: applied at once, or proposed for a manager when it moves money' })
  @ApiOkResponse({ type: ResolveResultDto })
  @HttpCode(200)
  resolve(@Param('id', ParseIntPipe) id: number, @Body() body: ResolveExceptionDto, @CurrentUser() user: SessionUser): Promise<ResolveResultDto> {
    return this.workflow.resolve(id, body, user);
  }

  @Post('exceptions/assign')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '一括担当 / assign many exceptions at once (all or none)' })
  @ApiOkResponse({ type: BulkAssignResultDto })
  @HttpCode(200)
  async assignMany(@Body() body: BulkAssignDto, @CurrentUser() user: SessionUser): Promise<BulkAssignResultDto> {
    return { assigned: await this.workflow.assignMany(body.ids, body.assignee, user, body.reason) };
  }

  @Post('exceptions/:id/assign')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '担当 / assign an exception (open → in_review)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  assign(@Param('id', ParseIntPipe) id: number, @Body() body: AssignDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.assign(id, body.assignee, user, body.reason);
  }

  @Post('exceptions/:id/status')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '状態変更 / take an exception up (in_review) or hand it back (open), with a reason; only a resolution closes one' })
  @HttpCode(204)
  @ApiNoContentResponse()
  status(@Param('id', ParseIntPipe) id: number, @Body() body: StatusDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.changeStatus(id, body.status, user, body.reason);
  }

  @Post('exceptions/:id/comments')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: 'コメント / comment on an exception' })
  @ApiCreatedResponse({ type: CommentCreatedDto })
  async comment(@Param('id', ParseIntPipe) id: number, @Body() body: CommentBodyDto, @CurrentUser() user: SessionUser): Promise<{ id: number }> {
    return { id: await this.workflow.comment(id, body.body, user) };
  }

  @Post('resolutions/:id/approve')
  @Roles('manager')
  @ApiOperation({ summary: '承認 / approve a proposal (four-eyes: never your own; a deputy\'s approval is 代決)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  approve(@Param('id', ParseIntPipe) id: number, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.approve(id, user, body.reason);
  }

  @Post('resolutions/:id/reject')
  @Roles('manager')
  @ApiOperation({ summary: '差戻し / reject a proposal (never your own: withdraw it)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  reject(@Param('id', ParseIntPipe) id: number, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.reject(id, user, body.reason);
  }

  @Post('resolutions/:id/withdraw')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '取下げ / withdraw a proposal awaiting approval (its proposer, or a manager), with a reason' })
  @HttpCode(204)
  @ApiNoContentResponse()
  withdraw(@Param('id', ParseIntPipe) id: number, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.withdraw(id, user, body.reason);
  }

  @Get('days/:date')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '日次締めの状態 / whether a business day is closed, by whom, and what keeps it open' })
  @ApiOkResponse({ type: DayStatusDto })
  day(@Param('date') date: string): Promise<DayStatusDto> {
    return this.workflow.dayStatus(date);
  }

  @Post('days/:date/close')
  @Roles('manager')
  @ApiOperation({ summary: '日次締め / close a business day once its exceptions are resolved or carried over' })
  @HttpCode(204)
  @ApiNoContentResponse()
  close(@Param('date') date: string, @Body() body: CloseDayDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.closeDay(date, user, body.reason);
  }

  @Post('days/:date/reopen')
  @Roles('manager')
  @ApiOperation({ summary: '締め解除 / reopen a closed day (reason required)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  reopen(@Param('date') date: string, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.workflow.reopenDay(date, user, body.reason);
  }
}
