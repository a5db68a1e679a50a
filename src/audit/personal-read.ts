import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, type Observable } from 'rxjs';
import type { SessionRequest } from '../auth/auth.decorators';
import { AuditService } from './audit.service';

const PERSONAL_READ = 'keshikomi:personal-read';

interface PersonalRead {
  entity: string;
  fields: string;
}

/**
 * A read of personal data through a route with an `:id` (an import's raw lines, which hold 宛名番号):
 * once the handler has the answer, a `read.personal` audit row names the reader and the record, and
 * only then does the answer leave. An answer that fails (404) records nothing; an audit row that cannot
 * be written fails the answer.
 */
@Injectable()
export class PersonalReadInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const read = this.reflector.get<PersonalRead>(PERSONAL_READ, context.getHandler());
    const req = context.switchToHttp().getRequest<SessionRequest>();
    return next.handle().pipe(
      concatMap(async (answer: unknown) => {
        await this.audit.recordRead(req.auth!.user.loginName, read.entity, [String(req.params.id)], read.fields);
        return answer;
      }),
    );
  }
}

/** Marks a route whose answer holds personal data of the record its `:id` names (see PersonalReadInterceptor). */
export function AuditPersonalRead(entity: string, fields: string): MethodDecorator {
  return applyDecorators(SetMetadata(PERSONAL_READ, { entity, fields } satisfies PersonalRead), UseInterceptors(PersonalReadInterceptor));
}
