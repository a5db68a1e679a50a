import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { ExceptionCasesService } from './exception-cases.service';
import { ApiFileResponse } from '../common/api-downloads';
import { printedNow, renderTable } from '../common/table-export';
import { AppConfig } from '../config/app-config';
import { exceptionsTable } from './exceptions-export';
import { ExceptionDetailDto, ExceptionExportQuery, ExceptionListQuery, ExceptionPageDto } from './exceptions.dto';
import { ExceptionsService } from './exceptions.service';
import { AssignDto, BulkAssignDto, BulkAssignResultDto, CommentBodyDto, CommentCreatedDto, StatusDto } from './workflow.dto';

@ApiTags('exceptions')
@Controller('exceptions')
export class ExceptionsController {
  constructor(
    private readonly exceptions: ExceptionsService,
    private readonly cases: ExceptionCasesService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '例外一覧 / the exception queue' })
  @ApiOkResponse({ type: ExceptionPageDto })
  list(@Query() query: ExceptionListQuery): Promise<ExceptionPageDto> {
    return this.exceptions.list(query);
  }

  @Get('export')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '例外一覧の出力 / every exception the filters select, as csv, csv-sjis or xlsx' })
  @ApiFileResponse()
  async export(
    @Query() query: ExceptionExportQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { format, ...filter } = query;
    const print = printedNow(this.config.MUNICIPALITY_CODE, user.loginName);
    const file = await renderTable(exceptionsTable(await this.exceptions.all(filter), filter, print), format);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="exceptions.${file.extension}"`);
    return new StreamableFile(file.body);
  }

  @Get(':id')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '例外詳細 / one exception' })
  @ApiOkResponse({ type: ExceptionDetailDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ExceptionDetailDto> {
    return this.exceptions.get(id);
  }

  @Post('assign')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '一括担当 / assign many exceptions at once (all or none)' })
  @ApiOkResponse({ type: BulkAssignResultDto })
  @HttpCode(200)
  async assignMany(@Body() body: BulkAssignDto, @CurrentUser() user: SessionUser): Promise<BulkAssignResultDto> {
    return { assigned: await this.cases.assignMany(body.ids, body.assignee, user, body.reason) };
  }

  @Post(':id/assign')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '担当 / assign an exception (open → in_review)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  assign(@Param('id', ParseIntPipe) id: number, @Body() body: AssignDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.cases.assign(id, body.assignee, user, body.reason);
  }

  @Post(':id/status')
  @Roles('staff', 'manager')
  @ApiOperation({
    summary: '状態変更 / take an exception up (in_review) or hand it back (open), with a reason; only a resolution closes one',
  })
  @HttpCode(204)
  @ApiNoContentResponse()
  status(@Param('id', ParseIntPipe) id: number, @Body() body: StatusDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.cases.changeStatus(id, body.status, user, body.reason);
  }

  @Post(':id/comments')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: 'コメント / comment on an exception' })
  @ApiCreatedResponse({ type: CommentCreatedDto })
  async comment(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: CommentBodyDto,
    @CurrentUser() user: SessionUser,
  ): Promise<{ id: number }> {
    return { id: await this.cases.comment(id, body.body, user) };
  }
}
