import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditPageDto, AuditQuery, AuditVerificationDto, AuditVerifyQuery } from './audit.dto';
import { AuditQueryService } from './audit-query.service';
import { AuditService, parseCheckpoint } from './audit.service';

@ApiTags('audit')
@Roles('auditor', 'manager')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly entries: AuditQueryService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @ApiOperation({ summary: '監査ログ / the audit log, newest first' })
  @ApiOkResponse({ type: AuditPageDto })
  list(@Query() query: AuditQuery): Promise<AuditPageDto> {
    return this.entries.list(query);
  }

  @Get('verify')
  @ApiOperation({ summary: '改ざん検知 / recompute the hash chain (and check a checkpoint kept outside the system)' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(@Query() query: AuditVerifyQuery): Promise<AuditVerificationDto> {
    return this.audit.verify({ checkpoint: query.checkpoint ? parseCheckpoint(query.checkpoint) : undefined });
  }
}
