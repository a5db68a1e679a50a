import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import { Database } from '../../database/database';
import type { Actor } from '../exception-cases.service';
import { DayError, DayErrorCode } from './days.errors';
import { DayAction, DaysRepository } from './days.repository';

/**
 * 日次締め: a manager closes a business day once each of its exceptions is resolved, dismissed or carried
 * over (in review with someone); a closed day refuses resolutions, and matching leaves its payments alone,
 * until a manager reopens it with a reason. Every close and reopen is a record and an audit row.
 */
@Injectable()
export class DaysService {
  constructor(
    private readonly db: Database,
    private readonly days: DaysRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Closed or not, every close and reopen with its reason, and what keeps the day from closing. */
  async status(day: string): Promise<{ date: string; closed: boolean; history: DayAction[]; blockingExceptionIds: number[] }> {
    const m = this.config.MUNICIPALITY_CODE;
    const [closed, history, blockingExceptionIds] = await Promise.all([
      this.days.isClosed(this.db.dataSource, m, day),
      this.days.history(m, day),
      this.days.blockingExceptions(this.db.dataSource, m, day),
    ]);
    return { date: day, closed, history, blockingExceptionIds };
  }

  /** Refuses a change to what a closed day holds (`day` null: the change belongs to no day). */
  async refuseClosed(q: QueryRunner, day: string | null): Promise<void> {
    if (day && (await this.days.isClosed(q, this.config.MUNICIPALITY_CODE, day))) {
      throw new DayError(DayErrorCode.Closed, `${day} は締め済みです。再開してから処理してください / ${day} is closed: reopen it first`);
    }
  }

  async close(day: string, actor: Actor, reason: string | undefined): Promise<void> {
    await this.db.transaction(async (q) => {
      const m = this.config.MUNICIPALITY_CODE;
      await this.refuseClosed(q, day);
      const n = (await this.days.blockingExceptions(q, m, day)).length;
      if (n > 0) {
        throw new DayError(
          DayErrorCode.NotReady,
          `${day} には未処理の例外が ${n} 件あります / ${n} exception(s) of ${day} are neither resolved nor carried over`,
        );
      }
      await this.days.record(q, { municipalityCode: m, day, action: 'close', actor: actor.loginName, reason: reason ?? null });
      await this.audit.append(q, {
        municipalityCode: m,
        actor: actor.loginName,
        action: 'day.close',
        entity: 'daily_close',
        entityId: day,
        reason: reason ?? null,
      });
    });
  }

  async reopen(day: string, actor: Actor, reason: string): Promise<void> {
    if (!reason?.trim()) throw new DayError(DayErrorCode.ReasonRequired, '再開の理由を入力してください / reopening a day needs a reason');
    await this.db.transaction(async (q) => {
      const m = this.config.MUNICIPALITY_CODE;
      if (!(await this.days.isClosed(q, m, day)))
        throw new DayError(DayErrorCode.NotClosed, `${day} は締められていません / ${day} is not closed`);
      await this.days.record(q, { municipalityCode: m, day, action: 'reopen', actor: actor.loginName, reason });
      await this.audit.append(q, {
        municipalityCode: m,
        actor: actor.loginName,
        action: 'day.reopen',
        entity: 'daily_close',
        entityId: day,
        reason,
      });
    });
  }
}
