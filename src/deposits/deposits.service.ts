import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { addBusinessDays, businessDayOnOrAfter } from '../common/calendar';
import type { PayoutStatusCode } from '../common/codes';
import { sourcesOf } from '../common/exception-lifecycle';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { machineTransitionAudits } from '../exceptions/machine-transitions';
import {
  DepositsRepository,
  DepositSummaryRow,
  MonthLedgerRow,
  PaymentBehindRow,
  PayoutStatusRow,
  PayoutWindow,
} from './deposits.repository';

/** What a reconciliation run came to: outcomes by status, and the flags the machine closed. */
export interface DepositRunSummary {
  /** The statements' clock: the last 勘定日 they cover (null before the first statement). */
  coveredTo: string | null;
  statuses: Partial<Record<PayoutStatusCode, number>>;
  closed: number;
}

/** The pairing passes, in order; each is repeated while it pairs anything (a bounded number of statements). */
const PASSES = ['on_time', 'late', 'amount'] as const;
const MAX_ROUNDS = 50;

/**
 * 入金照合: the third leg. Each expected payout (view `expected_payout`: per format, provider and 収入日) against the
 * 入金 of its payout source in the city's bank statements: paired set-based — a person's link first, then the
 * amount expected on time, the amount expected late, another amount on time — then judged by the statements' own
 * clock, and the deposit exceptions raised or closed through the exception life cycle's machine edge. Runs after
 * every matching run (the intake port), repeatable: a second run changes nothing.
 */
@Injectable()
export class DepositsService {
  private readonly machineEdgeFrom = sourcesOf('resolved', 'system');

  constructor(
    private readonly db: Database,
    private readonly repo: DepositsRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  reconcile(actor = 'system'): Promise<DepositRunSummary> {
    return this.db.transaction(async (q) => {
      const m = this.config.MUNICIPALITY_CODE;
      await this.repo.startRun(q);
      const { first, last } = await this.repo.coverage(q, m);
      // Before the first statement there is nothing to compare with: no outcome, no flag.
      if (!first || !last) return { coveredTo: null, statuses: {}, closed: 0 };
      const windows = (await this.repo.windowKeys(q, m)).map((key) => payoutWindow(key.dueOn, key.toleranceDays, key.counter));
      await this.repo.stageRun(q, m, windows);
      await this.repo.pairLinked(q, m);
      for (const pass of PASSES) {
        for (let round = 0; round < MAX_ROUNDS && (await this.repo.pairPass(q, pass)) > 0; round++);
      }
      await this.repo.writeStatuses(q, m, first, last);
      await this.repo.closeSettledFlags(q, m, this.machineEdgeFrom);
      await this.repo.raiseFlags(q, m);
      const moved = await this.repo.machineTransitions(q);
      await this.audit.appendMany(q, machineTransitionAudits(moved));
      const statuses = Object.fromEntries((await this.repo.statusCounts(q, m)).map((r) => [r.status, r.n]));
      const summary: DepositRunSummary = { coveredTo: last, statuses, closed: moved.length };
      await this.audit.append(q, {
        municipalityCode: m,
        actor,
        action: 'deposits.reconcile',
        entity: 'payout_status',
        entityId: null,
        after: { ...summary },
      });
      return summary;
    });
  }

  /** The deposits list (contract.md `deposits`): by 収入日 (an unexpected 入金 by its 勘定日), within [from, to]. */
  list(from?: string, to?: string): Promise<PayoutStatusRow[]> {
    return this.repo.statuses(this.config.MUNICIPALITY_CODE, from ?? null, to ?? null);
  }

  /** The dashboard tile's figures: missing and short payouts, counter cash not yet paid in. */
  summary(): Promise<DepositSummaryRow> {
    return this.repo.summary(this.config.MUNICIPALITY_CODE);
  }

  /** The city's account over a month [from, to] beside the month's expected payouts (例月出納検査); null with no statement. */
  monthLedger(from: string, to: string): Promise<MonthLedgerRow | null> {
    return this.repo.monthLedger(this.config.MUNICIPALITY_CODE, from, to);
  }

  /** The payments behind one expected payout, for the drill-down. */
  paymentsBehind(format: string, provider: string, dueOn: string): Promise<PaymentBehindRow[]> {
    return this.repo.paymentsBehind(this.config.MUNICIPALITY_CODE, { format, provider, dueOn });
  }
}

/**
 * The 勘定日 on which a payout is on time: from its 収入日 (counter cash: the next business day, when the 金銭出納員
 * pays it in), to the tolerance in business days after the first business day of the window.
 */
export function payoutWindow(dueOn: string, toleranceDays: number, counter: boolean): PayoutWindow {
  const from = counter ? addBusinessDays(dueOn, 1) : dueOn;
  return { dueOn, toleranceDays, counter, from, to: addBusinessDays(businessDayOnOrAfter(from), toleranceDays) };
}
