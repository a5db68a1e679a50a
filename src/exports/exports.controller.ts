import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditPersonalRead } from '../audit/personal-read';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { todayInTokyo } from '../common/calendar';
import type { RenderedTable } from '../common/table-export';
import {
  DunningHoldDto,
  DunningHoldQuery,
  ExportNowBody,
  ExportRunDto,
  ExportStatusDto,
  ExportTargetBody,
  ExportTargetDto,
  FailedDebitsDto,
  FailedDebitsQuery,
  FollowUpBody,
  RunFileQuery,
  RunResultDto,
  RunsQuery,
} from './exports.dto';
import { ExportTargetsService } from './export-targets.service';
import { ExportsService } from './exports.service';
import { dunningHoldView, failedDebitView, runView, statusView, targetView } from './exports.view';

const DOWNLOADS = ['application/json', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];

function download(res: Response, name: string, file: Pick<RenderedTable, 'body' | 'contentType'>): StreamableFile {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  return new StreamableFile(file.body);
}

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly targets: ExportTargetsService,
  ) {}

  @Get('export-targets')
  @Roles('admin', 'manager', 'staff', 'auditor')
  @ApiOperation({ summary: '連携先 / the business systems that receive 収納結果' })
  @ApiOkResponse({ type: [ExportTargetDto] })
  async listTargets(): Promise<ExportTargetDto[]> {
    return (await this.exports.targets()).map(targetView);
  }

  @Put('export-targets/:system')
  @Roles('admin')
  @ApiOperation({ summary: '連携先の設定 / set a business system: categories, encoding, folder, columns (audited)' })
  @ApiOkResponse({ type: ExportTargetDto })
  async setTarget(
    @Param('system') system: string,
    @Body() body: ExportTargetBody,
    @CurrentUser() user: SessionUser,
  ): Promise<ExportTargetDto> {
    return targetView(await this.targets.set({ ...body, system }, user.loginName));
  }

  @Get('exports/status')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '連携出力の状況 / per system: its last run and what imports brought since that it has not been sent' })
  @ApiOkResponse({ type: [ExportStatusDto] })
  async status(): Promise<ExportStatusDto[]> {
    return (await this.exports.status()).map(statusView);
  }

  @Get('exports/runs')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '連携出力の履歴 / the files written, newest first (50)' })
  @ApiOkResponse({ type: [ExportRunDto] })
  async runs(@Query() query: RunsQuery): Promise<ExportRunDto[]> {
    return (await this.exports.runs(query.system)).map(runView);
  }

  @Post('exports/results')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '今すぐ出力 / 収納結果 now: each system (or one) gets what it has not been sent' })
  @ApiOkResponse({ type: [RunResultDto] })
  @HttpCode(200)
  async exportNow(@Body() body: ExportNowBody, @CurrentUser() user: SessionUser): Promise<RunResultDto[]> {
    return body.system ? [await this.exports.results(body.system, { actor: user.loginName })] : this.exports.resultsForAll(user.loginName);
  }

  @Post('exports/runs/:id/resend')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: "再送 / write a run's file again, the same bytes (audited)" })
  @ApiOkResponse({ type: RunResultDto })
  @HttpCode(200)
  async resend(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: SessionUser): Promise<RunResultDto> {
    const { content: _content, ...result } = await this.exports.resend(id, user.loginName);
    return result;
  }

  @Get('exports/runs/:id/file')
  @Roles('staff', 'manager', 'auditor')
  @AuditPersonalRead('export_run', '収納結果ファイル（宛名番号を含む） / a 収納結果 file (payer ids)')
  @ApiOperation({ summary: "ダウンロード / a run's file: csv (the bytes sent) or xlsx" })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async runFile(
    @Param('id', ParseIntPipe) id: number,
    @Query() query: RunFileQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.exports.runFile(id, query.format ?? 'csv', user.loginName);
    return download(res, file.fileName, file);
  }

  @Get('exports/dunning-hold')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '督促抑止リスト / bills with money received whose 確報 the system has not been sent' })
  @ApiProduces(...DOWNLOADS)
  @ApiOkResponse({ type: DunningHoldDto })
  async dunningHold(
    @Query() query: DunningHoldQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DunningHoldDto | StreamableFile> {
    const asOf = query.asOf ?? todayInTokyo();
    const { target, rows } = await this.exports.dunningHold(query.system, asOf);
    if (query.format && query.format !== 'json') {
      const file = await this.exports.render(this.exports.dunningHoldTable(target, asOf, rows, user.loginName), query.format);
      return download(res, `dunning-hold-${target.system}-${asOf}.${file.extension}`, file);
    }
    return { system: target.system, asOf, rows: rows.map(dunningHoldView) };
  }

  @Get('exports/failed-debits')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '口座振替不能一覧 / failed direct debits with 振替結果コード, 宛名番号 and follow-up' })
  @ApiProduces(...DOWNLOADS)
  @ApiOkResponse({ type: FailedDebitsDto })
  async failedDebits(
    @Query() query: FailedDebitsQuery,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FailedDebitsDto | StreamableFile> {
    const rows = await this.exports.failedDebits(query.from, query.to, query.open ?? false);
    if (query.format && query.format !== 'json') {
      const file = await this.exports.render(this.exports.failedDebitsTable(query.from, query.to, rows, user.loginName), query.format);
      return download(res, `failed-debits-${query.from}-${query.to}.${file.extension}`, file);
    }
    return { rows: rows.map(failedDebitView) };
  }

  @Post('exports/failed-debits/:id/follow-up')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '対応済みにする / mark a failed debit followed up, saying what was done (audited)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  followUp(@Param('id', ParseIntPipe) id: number, @Body() body: FollowUpBody, @CurrentUser() user: SessionUser): Promise<void> {
    return this.exports.followUpFailedDebit(id, body.note, user.loginName);
  }
}
