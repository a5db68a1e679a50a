import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditPersonalRead } from '../audit/personal-read';
import { Roles } from '../auth/auth.decorators';
import { ImportBatchDetailDto, ImportBatchPageDto, ImportListQuery } from './imports.dto';
import { ImportsQueryService } from './imports-query.service';

@ApiTags('imports')
@Controller('imports')
@Roles('staff', 'manager', 'auditor')
export class ImportsController {
  constructor(private readonly imports: ImportsQueryService) {}

  @Get()
  @ApiOperation({ summary: '取込履歴 / import history, newest first' })
  @ApiOkResponse({ type: ImportBatchPageDto })
  list(@Query() query: ImportListQuery): Promise<ImportBatchPageDto> {
    return this.imports.list(query);
  }

  @Get(':id')
  @AuditPersonalRead('import_batch', '不正行の生データ（宛名番号を含む） / raw rejected lines (payer ids)')
  @ApiOperation({ summary: '取込結果と不正行 / one import with its controls and rejected lines (the read is audited)' })
  @ApiOkResponse({ type: ImportBatchDetailDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ImportBatchDetailDto> {
    return this.imports.get(id);
  }
}
