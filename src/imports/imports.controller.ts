import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { rm } from 'node:fs/promises';
import { AuditPersonalRead } from '../audit/personal-read';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { FORMATS } from '../common/codes';
import { ImportError, ImportErrorCode } from './import.errors';
import { ImportService } from './import.service';
import {
  ImportBatchDetailDto,
  ImportBatchPageDto,
  ImportLinePageDto,
  ImportLinesQuery,
  ImportListQuery,
  ImportReviewDto,
  IntakeResultDto,
} from './imports.dto';
import { ImportsQueryService } from './imports-query.service';
import { IntakeResult, IntakeService } from './intake.service';
import { UploadImportDto } from './upload-import.dto';
import { UploadedFileInterceptor } from './upload.interceptor';

@ApiTags('imports')
@Controller('imports')
@Roles('staff', 'manager', 'auditor', 'operator')
export class ImportsController {
  constructor(
    private readonly imports: ImportsQueryService,
    private readonly importer: ImportService,
    private readonly intake: IntakeService,
  ) {}

  @Get()
  @ApiOperation({ summary: '取込履歴 / import history, newest first (status=held: 取込保留)' })
  @ApiOkResponse({ type: ImportBatchPageDto })
  list(@Query() query: ImportListQuery): Promise<ImportBatchPageDto> {
    return this.imports.list(query);
  }

  @Post()
  @Roles('staff', 'manager', 'operator')
  @ApiOperation({
    summary: 'ファイル取込と消込 / import one file, then match',
    description:
      '取込保留: a file of a format in KESHIKOMI_HOLD_UPLOADS (default all) uploaded by staff or a manager is `held` — kept, ' +
      "neither loaded, matched nor counted — until another manager releases it. An `operator` account's uploads are not held.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'format'],
      properties: {
        file: { type: 'string', format: 'binary' },
        format: { type: 'string', enum: ['auto', ...FORMATS], description: 'auto = 自動判定' },
        receivedOn: { type: 'string', example: '2026-11-26' },
        dryRun: { type: 'string', enum: ['true', 'false'] },
      },
    },
  })
  @ApiCreatedResponse({ type: IntakeResultDto })
  @UseInterceptors(UploadedFileInterceptor)
  async upload(
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() body: UploadImportDto,
    @CurrentUser() user: SessionUser,
  ): Promise<IntakeResult> {
    if (!file) throw new ImportError(ImportErrorCode.FileMissing, 'file がありません / multipart field "file" is required');
    try {
      // Browsers send the file name as UTF-8 bytes that multer reads as latin1.
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      return await this.intake.upload({ fileName, path: file.path }, user, body);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  @Get(':id')
  @ApiOperation({ summary: '取込結果 / one import: who brought it, its controls, warnings and review' })
  @ApiOkResponse({ type: ImportBatchDetailDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ImportBatchDetailDto> {
    return this.imports.get(id);
  }

  @Get(':id/lines')
  @AuditPersonalRead('import_batch', '取込行の生データ（宛名番号を含む） / raw lines of an import (payer ids)')
  @ApiOperation({
    summary: '取込行 / the lines of an import as they arrived (status=rejected: 不正行), in keyset pages by line',
  })
  @ApiOkResponse({ type: ImportLinePageDto })
  lines(@Param('id', ParseIntPipe) id: number, @Query() query: ImportLinesQuery): Promise<ImportLinePageDto> {
    return this.imports.lines(id, query);
  }

  @Post(':id/release')
  @Roles('manager')
  @HttpCode(200)
  @ApiOperation({ summary: '取込保留の解除 / release a held upload: load it, then match (not by the one who uploaded it)' })
  @ApiOkResponse({ type: IntakeResultDto, description: 'the released file and the matching run, as `POST /api/imports` answers' })
  release(@Param('id', ParseIntPipe) id: number, @Body() body: ImportReviewDto, @CurrentUser() user: SessionUser): Promise<IntakeResult> {
    return this.intake.release(id, user.loginName, body.reason);
  }

  @Post(':id/reject')
  @Roles('manager')
  @HttpCode(204)
  @ApiOperation({
    summary: '取込保留の差戻し / reject a held upload with a reason (not by the one who uploaded it): never loaded',
  })
  @ApiNoContentResponse()
  async reject(@Param('id', ParseIntPipe) id: number, @Body() body: ImportReviewDto, @CurrentUser() user: SessionUser): Promise<void> {
    await this.importer.reject(id, user.loginName, body.reason);
  }
}
