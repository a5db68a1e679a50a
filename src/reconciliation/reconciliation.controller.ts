import {
  BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, UploadedFile, UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { rm } from 'node:fs/promises';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { FORMATS } from '../common/codes';
import { ImportReviewDto, IntakeResultDto } from '../imports/imports.dto';
import { DailyQuery, DailyReconciliationDto, UploadImportDto } from './reconciliation.dto';
import { IntakeResult, ReconciliationService } from './reconciliation.service';
import { UploadedFileInterceptor } from './upload.interceptor';

@ApiTags('reconciliation')
@Controller()
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post('imports')
  @Roles('staff', 'manager', 'operator')
  @ApiOperation({
    summary: 'ファイル取込と消込 / import one file, then match',
    description: '取込保留: a file of a format in KESHIKOMI_HOLD_UPLOADS (default all) uploaded by staff or a manager is `held` — kept, '
      + 'neither loaded, matched nor counted — until another manager releases it. An `operator` account\'s uploads are not held.',
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
    @UploadedFile() file: Express.Multer.File | undefined, @Body() body: UploadImportDto, @CurrentUser() user: SessionUser,
  ): Promise<IntakeResult> {
    if (!file) throw new BadRequestException('file がありません / multipart field "file" is required');
    try {
      // Browsers send the file name as UTF-8 bytes that multer reads as latin1.
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      return await this.reconciliation.upload({ fileName, path: file.path }, user, body);
    } finally {
      await rm(file.path, { force: true });
    }
  }

  @Post('imports/:id/release')
  @Roles('manager')
  @HttpCode(200)
  @ApiOperation({ summary: '取込保留の解除 / release a held upload: load it, then match (not by the one who uploaded it)' })
  @ApiOkResponse({ type: IntakeResultDto, description: 'the released file and the matching run, as `POST /api/imports` answers' })
  release(@Param('id', ParseIntPipe) id: number, @Body() body: ImportReviewDto, @CurrentUser() user: SessionUser): Promise<IntakeResult> {
    return this.reconciliation.release(id, user.loginName, body.reason);
  }

  @Get('reconciliation/daily')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '本日の消込 / one day: imports, payments by channel, open exceptions' })
  @ApiOkResponse({ type: DailyReconciliationDto })
  daily(@Query() query: DailyQuery): Promise<DailyReconciliationDto> {
    return this.reconciliation.daily(query.date);
  }
}
