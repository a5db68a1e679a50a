import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPersonalRead } from '../audit/personal-read';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { ImportService } from './import.service';
import {
  ImportBatchDetailDto, ImportBatchPageDto, ImportLinePageDto, ImportLinesQuery, ImportListQuery, ImportReviewDto,
} from './imports.dto';
import { ImportsQueryService } from './imports-query.service';

@ApiTags('imports')
@Controller('imports')
@Roles('staff', 'manager', 'auditor', 'operator')
export class ImportsController {
  constructor(
    private readonly imports: ImportsQueryService,
    private readonly importer: ImportService,
  ) {}

  @Get()
  @ApiOperation({ summary: '取込履歴 / import history, newest first (status=held: 取込保留)' })
  @ApiOkResponse({ type: ImportBatchPageDto })
  list(@Query() query: ImportListQuery): Promise<ImportBatchPageDto> {
    return this.imports.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: '取込結果 / one import: who brought it, its controls, warnings and review' })
  @ApiOkResponse({ type: ImportBatchDetailDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ImportBatchDetailDto> {
    return this.imports.get(id);
  }

  @Get(':id/lines')
  @AuditPersonalRead('import_batch', '取込行の生データ（宛名番号を含む） / raw lines of an import (payer ids)')
  @ApiOperation({ summary: '取込行 / the lines of an import as they arrived (status=rejected: 不正行), in keyset pages by line' })
  @ApiOkResponse({ type: ImportLinePageDto })
  lines(@Param('id', ParseIntPipe) id: number, @Query() query: ImportLinesQuery): Promise<ImportLinePageDto> {
    return this.imports.lines(id, query);
  }

  @Post(':id/reject')
  @Roles('manager')
  @HttpCode(204)
  @ApiOperation({ summary: '取込保留の差戻し / reject a held upload with a reason (not by the one who uploaded it): never loaded' })
  @ApiNoContentResponse()
  async reject(@Param('id', ParseIntPipe) id: number, @Body() body: ImportReviewDto, @CurrentUser() user: SessionUser): Promise<void> {
    await this.importer.reject(id, user.loginName, body.reason);
  }
}
