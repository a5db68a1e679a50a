import { BadRequestException, Body, Controller, Get, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { Roles } from '../auth/auth.decorators';
import { todayInTokyo } from '../common/calendar';
import { FORMATS } from '../common/codes';
import { DailyQuery, DailyReconciliationDto, UploadImportDto } from './reconciliation.dto';
import { IntakeResult, ReconciliationService } from './reconciliation.service';

@ApiTags('reconciliation')
@Controller()
export class ReconciliationController {
  constructor(private readonly reconciliation: ReconciliationService) {}

  @Post('imports')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: 'ファイル取込と消込 / import one file, then match' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'format'],
      properties: {
        file: { type: 'string', format: 'binary' },
        format: { type: 'string', enum: ['auto', ...FORMATS], description: 'auto = 自動判定' },
        receivedOn: { type: 'string', example: '2026-11-26' },
        dryRun: { type: 'boolean' },
      },
    },
  })
  // Uploads land in a temporary file and are streamed from there, like files on disk.
  @UseInterceptors(FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: 2 * 1024 ** 3 } }))
  async upload(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: UploadImportDto): Promise<IntakeResult> {
    if (!file) throw new BadRequestException('file がありません / multipart field "file" is required');
    try {
      // Browsers send the file name as UTF-8 bytes that multer reads as latin1.
      const fileName = Buffer.from(file.originalname, 'latin1').toString('utf8');
      return await this.reconciliation.intake([{ source: { fileName, path: file.path }, format: body.format }], {
        receivedOn: body.receivedOn ?? todayInTokyo(),
        dryRun: body.dryRun,
      });
    } finally {
      await rm(file.path, { force: true });
    }
  }

  @Get('reconciliation/daily')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '本日の消込 / one day: imports, payments by channel, open exceptions' })
  @ApiOkResponse({ type: DailyReconciliationDto })
  daily(@Query() query: DailyQuery): Promise<DailyReconciliationDto> {
    return this.reconciliation.daily(query.date);
  }
}
