import { Controller, Get, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../auth/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { credentialOf } from '../auth/session-token';
import { HealthDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '稼働確認 / up or degraded; with a session also the database, the last nightly run and the job queue' })
  @ApiOkResponse({ type: HealthDto })
  async check(@Req() req: Request): Promise<HealthDto> {
    const credential = credentialOf(req);
    const session = credential ? await this.auth.authenticate(credential.token, credential.kind).catch(() => null) : null;
    return this.health.health(!!session);
  }
}
