import { Module, RequestMethod } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request } from 'express';
import { LoggerModule } from 'nestjs-pino';
import { stdTimeFunctions } from 'pino';
import { correlationIdOf } from '../common/http-protection';
import { AppConfig } from '../config/app-config';

/** Probes that would drown the log: the load balancer's health checks and Prometheus's scrapes. */
const QUIET = /^\/(api\/health|metrics)(\?|$)/;

/**
 * Structured JSON logs (pino) for the service and the worker, one line per event on stdout. A request's line
 * carries its correlation id (X-Correlation-Id, echoed to the client and stamped on its errors), method, path
 * without the query (a query may name a 納付番号 or 宛名番号) and status; never a header, cookie, body or
 * query. The worker's lines carry the run, file and job ids. `keshikomi` commands other than `worker` keep
 * stderr for people and stdout for their JSON document.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: {
          level: config.KESHIKOMI_LOG_LEVEL,
          base: { service: 'keshikomi', pid: process.pid },
          timestamp: stdTimeFunctions.isoTime,
          genReqId: (req: IncomingMessage) => correlationIdOf(req as Request),
          autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
          serializers: {
            req: (req: { id: string; method: string; url: string }) => ({
              correlationId: req.id,
              method: req.method,
              path: req.url.split('?')[0],
            }),
            res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
