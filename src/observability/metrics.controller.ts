import { Controller, Get, NotFoundException, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../auth/auth.decorators';
import { AppConfig } from '../config/app-config';
import { MetricsService } from './metrics.service';

/**
 * GET /metrics for Prometheus, outside /api and its sessions: a bearer token of its own
 * (KESHIKOMI_METRICS_TOKEN), so a scraper holds no user's session. Unset → 404. One of the route test's two
 * documented exemptions (test/auth/routes.spec.ts), with anonymous GET /api/health.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly token: Buffer | null;

  constructor(
    private readonly metrics: MetricsService,
    config: AppConfig,
  ) {
    this.token = config.KESHIKOMI_METRICS_TOKEN ? digest(config.KESHIKOMI_METRICS_TOKEN) : null;
  }

  @Get()
  @Public()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.token) throw new NotFoundException();
    const given = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    // Compared as digests of equal length, in constant time.
    if (!given || !timingSafeEqual(digest(given), this.token)) throw new UnauthorizedException();
    res.setHeader('Cache-Control', 'no-store');
    res.type(this.metrics.contentType).send(await this.metrics.scrape());
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
