import { Injectable } from '@nestjs/common';
import { addCalendarDays, fiscalYearOf, todayInTokyo, type YearClass } from '../common/calendar';
import { EXCEPTION_TYPES, type ExceptionType, type FormatCode, type InspectionBalanceItem } from '../common/codes';
import { INSPECTION_BALANCE_LABELS, PAYOUT_STATUS_LABELS } from '../common/labels';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { MonthLedgerRow, PayoutStatusRow } from '../deposits/deposits.repository';
import { DepositsService } from '../deposits/deposits.service';
import type {
  CountAmountDto,
  InspectionBalanceDto,
  InspectionDto,
  InspectionPayoutDto,
  JournalDto,
  JournalRowDto,
  RefundDto,
  RevenueAccountDto,
  SettlementDto,
  SaveProcedureDto,
  SettlementFiguresDto,
  UpdateRevenueAccountDto,
} from './books.dto';
import { BooksError, BooksErrorCode } from './books.errors';
import { BooksRepository, type JournalSums, type RevenueAccountRow, type SettlementSums } from './books.repository';

/** 会計 款・項・目・節, as the books print a 歳入科目. */
export function accountText(a: Pick<RevenueAccountRow, 'ledger' | 'kan' | 'kou' | 'moku' | 'setsu'>): string {
  return `${a.ledger} ${a.kan}・${a.kou}・${a.moku}・${a.setsu}`;
}

/** The last day of a month `YYYY-MM`. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return addCalendarDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`, -1);
}

function sum(rows: { count: number; amount: number }[]): CountAmountDto {
  return rows.reduce((t, r) => ({ count: t.count + r.count, amount: t.amount + r.amount }), { count: 0, amount: 0 });
}

/**
 * The 会計課's books (issue #11): 収入日計表 and 月計表 by 収入日, the 決算 after 出納閉鎖, the 例月出納検査資料, the
 * 歳入科目 behind them and the payout of decided refunds. Which fiscal year and 年度区分 a payment has is the view
 * payment_accounting's answer, never decided here.
 */
@Injectable()
export class BooksService {
  constructor(
    private readonly books: BooksRepository,
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly deposits: DepositsService,
  ) {}

  async journal(period: { date?: string; month?: string }): Promise<JournalDto> {
    if (!period.date === !period.month) {
      throw new BooksError(
        BooksErrorCode.PeriodRequired,
        '日（date）か月（month）のどちらか一方を指定してください / give either a day (date) or a month (month)',
      );
    }
    const byMonth = Boolean(period.month);
    const from = period.date ?? `${period.month}-01`;
    const to = period.date ?? monthEnd(period.month!);
    const [sums, dailySums, files, pending, names] = await Promise.all([
      this.books.journal(from, to, byMonth),
      byMonth ? this.books.journal(from, to, false) : Promise.resolve(null),
      this.books.journalFiles(from, to),
      this.books.journalPending(from, to),
      this.categoryNames(),
    ]);
    const rows = sums.map((s) => this.journalRow(s, names));
    const total = sum(rows);
    const days = new Map<string, CountAmountDto>();
    for (const s of dailySums ?? sums) {
      const day = days.get(s.period) ?? { count: 0, amount: 0 };
      days.set(s.period, { count: day.count + s.count, amount: day.amount + s.amount });
    }
    const fileTotal = sum(files);
    const journal: JournalDto = {
      kind: byMonth ? 'month' : 'day',
      period: period.date ?? period.month!,
      from,
      to,
      rows,
      total,
      pending,
      files: files.map((f) => ({
        batchId: f.batch_id,
        fileName: f.file_name,
        format: f.format,
        receivedOn: f.received_on,
        count: f.count,
        amount: f.amount,
      })),
      tiedToFiles: fileTotal.count === total.count && fileTotal.amount === total.amount,
      days: [...days.entries()].map(([date, t]) => ({ date, ...t })),
    };
    if (byMonth) {
      journal.cumulativeFiscalYear = fiscalYearOf(to);
      journal.cumulative = await this.books.cumulative(journal.cumulativeFiscalYear, to);
    }
    return journal;
  }

  private journalRow(s: JournalSums, names: Map<string, string>): JournalRowDto {
    return {
      date: s.period,
      fiscalYear: s.fiscal_year,
      category: s.category,
      categoryName: s.category ? (names.get(s.category) ?? null) : null,
      account: s.ledger ? accountText({ ledger: s.ledger, kan: s.kan!, kou: s.kou!, moku: s.moku!, setsu: s.setsu! }) : null,
      yearClass: s.year_class,
      channel: s.channel,
      count: s.count,
      amount: s.amount,
    };
  }

  private async categoryNames(): Promise<Map<string, string>> {
    return new Map((await this.books.revenueAccounts()).map((a) => [a.category, a.category_name]));
  }

  async settlement(fiscalYear: number): Promise<SettlementDto> {
    const [sums, accounts] = await Promise.all([this.books.settlement(fiscalYear), this.books.revenueAccounts()]);
    const byKey = new Map(accounts.map((a) => [`${a.category}:${a.year_class}`, a]));
    const rows = sums.map((s) => {
      const account = s.category ? byKey.get(`${s.category}:${s.year_class}`) : undefined;
      return {
        category: s.category,
        categoryName: account?.category_name ?? null,
        account: account ? accountText(account) : null,
        yearClass: s.year_class,
        ...figures(s),
      };
    });
    const total = figures(
      sums.reduce(
        (t, s) => ({
          ...t,
          assessed: t.assessed + s.assessed,
          collected: t.collected + s.collected,
          written_off: t.written_off + s.written_off,
          refund_unpaid: t.refund_unpaid + s.refund_unpaid,
          open_by_bills: t.open_by_bills + s.open_by_bills,
        }),
        {
          category: null,
          year_class: 'current' as YearClass,
          assessed: 0,
          collected: 0,
          written_off: 0,
          refund_unpaid: 0,
          open_by_bills: 0,
        },
      ),
    );
    const closedOn = `${fiscalYear + 1}-05-31`;
    return {
      fiscalYear,
      closedOn,
      final: todayInTokyo() > closedOn,
      identity: '収入未済額 = 調定額 − 収入済額 − 不納欠損額 + 還付未済額',
      rows,
      total,
    };
  }

  /**
   * 例月出納検査資料: the month's receipts (収入日) and open exceptions, and from the deposits reconciliation (入金照合,
   * read as it defines them): the payouts of the month still missing or short, the counter cash not paid in by the
   * month's end, and the account's closing balance beside the month's net collections.
   */
  async inspection(month: string): Promise<InspectionDto> {
    const from = `${month}-01`;
    const to = monthEnd(month);
    const [sums, exceptions, names, payouts, ledger, refundsPaid] = await Promise.all([
      this.books.journal(from, to, true),
      this.books.openExceptions(to),
      this.categoryNames(),
      this.deposits.list(from, to),
      this.deposits.monthLedger(from, to),
      this.books.refundsPaid(from, to),
    ]);
    const receipts = new Map<string, InspectionDto['receipts'][number]>();
    for (const s of sums) {
      const key = `${s.category}:${s.channel}`;
      const r = receipts.get(key) ?? {
        category: s.category,
        categoryName: s.category ? (names.get(s.category) ?? null) : null,
        channel: s.channel,
        count: 0,
        amount: 0,
      };
      receipts.set(key, { ...r, count: r.count + s.count, amount: r.amount + s.amount });
    }
    const rows = [...receipts.values()];
    const receiptsTotal = sum(rows);
    // Still outstanding by the statements' clock; counter cash also when it was paid in only after the month's end.
    const outstanding = (p: PayoutStatusRow) => p.status === 'missing' || p.status === 'mismatch' || p.status === 'pending';
    const due = payouts.filter((p) => p.status !== 'unexpected');
    return {
      month,
      from,
      to,
      receipts: rows,
      receiptsTotal,
      openExceptions: exceptions.map((e) => ({
        type: e.type as ExceptionType,
        typeLabel: EXCEPTION_TYPES[e.type as ExceptionType] ?? e.type,
        count: e.count,
        paidAmount: e.paid_amount,
        expectedAmount: e.expected_amount,
      })),
      missingPayouts: due.filter((p) => p.format !== 'city-cash' && outstanding(p)).map((p) => inspectionPayout(p, to)),
      counterCashNotDeposited: due
        .filter((p) => p.format === 'city-cash' && (outstanding(p) || p.arrivedOn! > to))
        .map((p) => inspectionPayout(p, to)),
      balance: inspectionBalance(receiptsTotal.amount, refundsPaid.amount, ledger),
    };
  }

  async revenueAccounts(): Promise<RevenueAccountDto[]> {
    return (await this.books.revenueAccounts()).map((a) => ({
      category: a.category,
      categoryName: a.category_name,
      yearClass: a.year_class,
      ledger: a.ledger,
      kan: a.kan,
      kou: a.kou,
      moku: a.moku,
      setsu: a.setsu,
      account: accountText(a),
      updatedBy: a.updated_by,
      updatedAt: a.updated_at,
    }));
  }

  /** An admin sets the 歳入科目 of a category and 年度区分 (audited with what it was before). */
  async updateRevenueAccount(category: string, yearClass: YearClass, account: UpdateRevenueAccountDto, actor: string): Promise<void> {
    await this.db.transaction(async (q) => {
      if (!(await this.books.categoryExists(q, category))) {
        throw new BooksError(BooksErrorCode.UnknownCategory, `科目 ${category} はありません / no revenue category ${category}`);
      }
      const before = await this.books.revenueAccount(q, category, yearClass);
      const next = {
        ledger: account.ledger.trim(),
        kan: account.kan.trim(),
        kou: account.kou.trim(),
        moku: account.moku.trim(),
        setsu: account.setsu.trim(),
      };
      await this.books.saveRevenueAccount(q, { category, yearClass, ...next, by: actor });
      await this.audit.append(q, {
        municipalityCode: this.config.MUNICIPALITY_CODE,
        actor,
        action: 'revenue_account.update',
        entity: 'revenue_account',
        entityId: `${category}:${yearClass}`,
        before: before ? { ledger: before.ledger, kan: before.kan, kou: before.kou, moku: before.moku, setsu: before.setsu } : null,
        after: next,
      });
    });
  }

  /** An admin sets a procedure of the 手続台帳 and the channels it accepts (audited with what it was before). */
  async saveProcedure(code: string, procedure: SaveProcedureDto, actor: string): Promise<void> {
    const channels = procedure.channels.map((c) => c.channel);
    if (new Set(channels).size !== channels.length) {
      throw new BooksError(BooksErrorCode.RepeatedChannel, '同じ経路が2回あります / a channel is listed twice');
    }
    await this.db.transaction(async (q) => {
      const category = procedure.category ?? null;
      if (category && !(await this.books.categoryExists(q, category))) {
        throw new BooksError(BooksErrorCode.UnknownCategory, `科目 ${category} はありません / no revenue category ${category}`);
      }
      const before = await this.books.procedure(q, code);
      const after = {
        name: procedure.name.trim(),
        category,
        channels: procedure.channels.map(({ channel, since }) => ({ channel, since })),
      };
      await this.books.saveProcedure(q, { code, ...after });
      await this.audit.append(q, {
        municipalityCode: this.config.MUNICIPALITY_CODE,
        actor,
        action: 'procedure.save',
        entity: 'procedure_ledger',
        entityId: code,
        before: before ?? null,
        after,
      });
    });
  }

  async refunds(): Promise<RefundDto[]> {
    return (await this.books.refunds()).map((r) => ({
      resolutionId: r.resolution_id,
      exceptionId: r.exception_id,
      paymentId: r.payment_id,
      billNumber: r.bill_number,
      amount: r.amount,
      decidedAt: r.decided_at,
      paidOn: r.paid_on,
      recordedBy: r.recorded_by,
    }));
  }

  /** A manager records the day a decided refund was paid out (支出): from then on it is no longer 還付未済. */
  async recordRefundPayment(resolutionId: number, paidOn: string, actor: string): Promise<void> {
    await this.db.transaction(async (q) => {
      const refund = await this.books.refund(q, resolutionId);
      if (!refund) {
        throw new BooksError(BooksErrorCode.RefundNotFound, `還付 #${resolutionId} はありません / no decided refund #${resolutionId}`);
      }
      if (refund.paid_on) {
        throw new BooksError(
          BooksErrorCode.RefundAlreadyPaid,
          `還付 #${resolutionId} は ${refund.paid_on} に支出済みです / refund #${resolutionId} was paid out on ${refund.paid_on}`,
        );
      }
      if (paidOn < refund.decided_at.slice(0, 10)) {
        throw new BooksError(
          BooksErrorCode.RefundPaidBeforeDecision,
          `支出日 ${paidOn} が還付決定 ${refund.decided_at.slice(0, 10)} より前です / paid out before the refund was decided`,
        );
      }
      await this.books.recordRefundPayment(q, { resolutionId, paidOn, amount: refund.amount, by: actor });
      await this.audit.append(q, {
        municipalityCode: this.config.MUNICIPALITY_CODE,
        actor,
        action: 'refund.paid',
        entity: 'resolution',
        entityId: String(resolutionId),
        before: { paidOn: null },
        after: { paidOn, amount: refund.amount },
      });
    });
  }
}

function figures(s: SettlementSums): SettlementFiguresDto {
  const uncollected = s.assessed - s.collected - s.written_off + s.refund_unpaid;
  return {
    assessed: s.assessed,
    collected: s.collected,
    writtenOff: s.written_off,
    refundUnpaid: s.refund_unpaid,
    uncollected,
    openByBills: s.open_by_bills,
    identityHolds: uncollected === s.open_by_bills,
  };
}

function inspectionPayout(p: PayoutStatusRow, monthEnd: string): InspectionPayoutDto {
  return {
    format: p.format as FormatCode,
    provider: p.provider,
    dueOn: p.dueOn!,
    expectedCount: p.expectedCount!,
    expectedAmount: p.expectedAmount!,
    arrivedOn: p.arrivedOn,
    arrivedAmount: p.arrivedAmount,
    difference: (p.arrivedAmount ?? 0) - p.expectedAmount!,
    status: p.status,
    statusLabel: PAYOUT_STATUS_LABELS[p.status] + (p.arrivedOn && p.arrivedOn > monthEnd ? '（翌月入金）' : ''),
  };
}

/**
 * The closing balance beside the net collections. The steps follow from the account's own arithmetic — closing =
 * opening + 入金 − 出金, the 入金 being payouts of the month's 収入日, of earlier ones, and anything else — and the
 * month's expected payouts (gross − fees withheld − not arrived + arrived off = what arrived of them): whatever the
 * steps leave is `unexplained` (a gap between statements, a payout paid into another account).
 */
function inspectionBalance(receipts: number, refundsPaid: number, ledger: MonthLedgerRow | null): InspectionBalanceDto {
  const netCollections = receipts - refundsPaid;
  if (!ledger) return { receipts, refundsPaid, netCollections, account: null, difference: null, steps: [], unexplained: null };
  const { dueGross, dueFees, dueNotArrived, dueArrivedOff, earlierPayouts, otherCredits, debits, ...account } = ledger;
  const amounts: Record<InspectionBalanceItem, number> = {
    opening_balance: account.openingBalance,
    earlier_payouts: earlierPayouts,
    other_credits: otherCredits,
    debits: 0 - debits,
    refunds_paid: refundsPaid,
    fees_withheld: 0 - dueFees,
    not_arrived: 0 - dueNotArrived,
    arrived_off: dueArrivedOff,
    receipts_outside_payouts: dueGross - receipts,
  };
  const steps = Object.entries(amounts).map(([item, amount]) => ({
    item: item as InspectionBalanceItem,
    label: INSPECTION_BALANCE_LABELS[item as InspectionBalanceItem],
    amount,
  }));
  const difference = account.closingBalance - netCollections;
  return {
    receipts,
    refundsPaid,
    netCollections,
    account,
    difference,
    steps,
    unexplained: difference - steps.reduce((t, s) => t + s.amount, 0),
  };
}
