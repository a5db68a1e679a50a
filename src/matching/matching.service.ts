import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { lastDayWithMoreBusinessDaysThan } from '../common/calendar';
import type { ExceptionType } from '../common/codes';
import { sourcesOf } from '../common/exception-lifecycle';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { machineTransitionAudits } from '../exceptions/machine-transitions';
import { MatchingRepository } from './matching.repository';
import { PAYMENT_OUTCOME_TYPES, PRELIMINARY_DEADLINE_BUSINESS_DAYS } from './matching.rules';

export interface MatchSummary {
  evaluated: number;
  matched: number;
  reversed: number;
  flagged: Partial<Record<ExceptionType, number>>;
  superseded: number;
}

/**
 * 消込. Runs set-based over every undecided payment: a payment with no standing match and no
 * exception a person has taken up. Repeatable and deterministic: a second run changes nothing, and
 * nothing a person decided is touched. The rules are domain.md's "Rules the numbers follow", each a
 * statement of the matching repository; this service runs them in order in one transaction.
 */
@Injectable()
export class MatchingService {
  /** The statuses the machine may close a flag from: the life cycle's one system edge. */
  private readonly machineEdgeFrom = sourcesOf('resolved', 'system');

  constructor(
    private readonly db: Database,
    private readonly rules: MatchingRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  run(actor = 'system'): Promise<MatchSummary> {
    return this.db.bulkTransaction(async (q) => {
      await this.rules.startRun(q);
      const m = this.config.MUNICIPALITY_CODE;
      const summary: MatchSummary = { evaluated: 0, matched: 0, reversed: 0, flagged: {}, superseded: 0 };
      summary.reversed = await this.rules.reverseCancelledMatches(q, m);
      await this.rules.flagCancelledPayments(q, m);
      await this.evaluate(q, m, summary);
      await this.evaluateCounter(q, m);
      await this.flagUnconfirmedCounterQr(q, m);
      await this.flagPreliminaryOnly(q, m);
      await this.rules.flagFinalOnly(q, m);
      await this.rules.flagControlTotals(q, m);
      await this.rules.closeSettledFlags(q, m, this.machineEdgeFrom);
      await this.rules.recordRedecisions(q, PAYMENT_OUTCOME_TYPES);
      summary.superseded = await this.auditTransitions(q);
      summary.flagged = Object.fromEntries((await this.rules.liveFlagCounts(q, m)).map((r) => [r.type, r.n]));
      await this.audit.append(q, { municipalityCode: m, actor, action: 'match.run', entity: 'match', entityId: null, after: summary });
      return summary;
    });
  }

  /** Every undecided payment against its bill: matched where money is open, flagged where a rule says so. */
  private async evaluate(q: QueryRunner, m: string, summary: MatchSummary): Promise<void> {
    summary.evaluated = await this.rules.selectCandidates(q, m);
    await this.rules.computeOpenAmounts(q);
    summary.matched = await this.rules.applyMatches(q);
    await this.rules.flagOutcomes(q);
    await this.rules.closeReevaluatedFlags(q, PAYMENT_OUTCOME_TYPES, this.machineEdgeFrom);
    await this.rules.raiseOutcomeFlags(q);
  }

  /**
   * The city-hall counter: a QR payment is the provider's transaction, and its charge is the register
   * row with the same 取引番号. Every run links what has arrived since, and closes flags that no longer hold.
   */
  private async evaluateCounter(q: QueryRunner, m: string): Promise<void> {
    await this.rules.linkCounterReceipts(q, m);
    await this.rules.flagCounterPayments(q, m);
    await this.rules.closeCounterFlags(q, this.machineEdgeFrom);
    await this.rules.raiseCounterFlags(q);
  }

  /**
   * A register QR row whose provider transaction has not come, although the provider has since sent
   * transactions more than 10 business days later: the money never arrived (formats.md, city-cash).
   */
  private async flagUnconfirmedCounterQr(q: QueryRunner, m: string): Promise<void> {
    const latest = await this.rules.latestQrCounterFile(q, m);
    if (latest) {
      await this.rules.flagUnconfirmedCounterQr(q, m, lastDayWithMoreBusinessDaysThan(latest, PRELIMINARY_DEADLINE_BUSINESS_DAYS));
    }
    await this.rules.closeArrivedCounterQr(q, m, this.machineEdgeFrom);
  }

  /**
   * 速報のみ: a 速報 whose 確報 has not come although the same 収納代行 has since delivered a file made
   * more than 10 business days after the 収納日. Until then it is pending, not an exception.
   */
  private async flagPreliminaryOnly(q: QueryRunner, m: string): Promise<void> {
    for (const { provider_code: code, latest } of await this.rules.latestFilePerProvider(q, m)) {
      const lastPaidOn = lastDayWithMoreBusinessDaysThan(latest, PRELIMINARY_DEADLINE_BUSINESS_DAYS);
      await this.rules.flagPreliminaryOnly(q, m, { code, latest }, lastPaidOn);
    }
  }

  /** One audit row per machine transition, by `system` with its reason, appended in bulk; returns how many. */
  private async auditTransitions(q: QueryRunner): Promise<number> {
    const moved = await this.rules.machineTransitions(q);
    await this.audit.appendMany(q, machineTransitionAudits(moved));
    return moved.length;
  }
}
