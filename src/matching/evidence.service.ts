import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { EvidenceDto } from './evidence.dto';

/**
 * 根拠: why a payment ended as it did — the rule that matched or flagged it, the fields compared with
 * both values, what the bill still expected before and after, and for a payment without a match the
 * three nearest bills with what differs. Staff decide from this, not from a guess.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The card shows the payer's masked name and 宛名番号: recorded as a read by `reader`. */
  async forPayment(id: number, reader: string): Promise<EvidenceDto> {
    const q = <T>(sql: string, params: unknown[]) => this.db.dataSource.query(sql, params) as Promise<T[]>;
    const [payment] = await q<EvidenceDto['payment'] & { billId: number | null }>(
      `SELECT p.id, p.channel, p.bill_number AS "billNumber", p.reference_valid AS "referenceValid", p.payment_ref AS "paymentRef",
              p.paid_on AS "paidOn", p.paid_time::text AS "paidTime", p.amount, p.state, p.has_preliminary AS "hasPreliminary",
              p.has_final AS "hasFinal", p.payer_name_masked AS "payerNameMasked", ib.file_name AS "fileName", p.first_line_no AS line,
              b.id AS "billId"
         FROM payment p
         JOIN import_batch ib ON ib.id = p.first_batch_id
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number
        WHERE p.id = $1 AND p.municipality_code = $2`,
      [id, this.config.MUNICIPALITY_CODE],
    );
    if (!payment) throw new DomainError('not_found', 'PAYMENT_NOT_FOUND', `収納 ${id} はありません / payment ${id} not found`);
    const { billId, ...paymentFields } = payment;

    const matches = await q<EvidenceDto['matches'][number]>(
      `SELECT m.id, m.kind, m.bill_id AS "billId", b.bill_number AS "billNumber", m.applied_amount AS "appliedAmount",
              m.rule, m.reason, m.created_by AS "createdBy",
              NOT EXISTS (SELECT 1 FROM match r WHERE r.reverses_match_id = m.id) AND m.kind = 'apply' AS standing
         FROM match m JOIN bill b ON b.id = m.bill_id WHERE m.payment_id = $1 ORDER BY m.id`,
      [id],
    );
    const exceptions = await q<EvidenceDto['exceptions'][number]>(
      `SELECT id, type, status, detail, expected_amount AS "expectedAmount" FROM recon_exception WHERE payment_id = $1 ORDER BY id`,
      [id],
    );
    const matchedBillId = matches.find((m) => m.standing)?.billId ?? billId;
    const bill = matchedBillId ? await this.billEvidence(matchedBillId, id) : null;
    const comparisons: EvidenceDto['comparisons'] = [
      { field: 'チェックデジット', payment: payment.billNumber, bill: null, agrees: payment.referenceValid },
    ];
    if (bill) {
      comparisons.push(
        { field: '納付番号', payment: payment.billNumber, bill: bill.billNumber, agrees: payment.billNumber === bill.billNumber },
        { field: '金額（残額）', payment: String(payment.amount), bill: String(bill.openBefore), agrees: payment.amount === bill.openBefore },
        { field: '納付日（実効納期限）', payment: payment.paidOn, bill: bill.effectiveDueDate, agrees: payment.paidOn <= bill.effectiveDueDate },
        { field: '調定の状態', payment: null, bill: bill.status, agrees: bill.status === 'active' },
      );
    }
    const rule = matches.filter((m) => m.standing).map((m) => `${m.rule}: ${m.reason}`).join(' / ') || null;
    const candidates = matches.some((m) => m.standing) ? [] : await this.candidates(payment);
    await this.audit.recordRead(reader, 'payment', [id], '預金者名（マスク済）・宛名番号');
    return { payment: paymentFields, rule, matches, exceptions, bill, comparisons, candidates };
  }

  /** The bill's open amount just before this payment's money went in, and after. */
  private async billEvidence(billId: number, paymentId: number): Promise<EvidenceDto['bill']> {
    const [bill] = await this.db.dataSource.query(
      `WITH mine AS (SELECT coalesce(min(id), 9223372036854775807) AS first_id, coalesce(sum(applied_amount), 0) AS applied
                       FROM match WHERE payment_id = $2 AND bill_id = $1)
       SELECT b.id, b.bill_number AS "billNumber", b.amount, b.due_date AS "dueDate", b.effective_due_date AS "effectiveDueDate",
              b.status, b.payer_id AS "payerId", b.version,
              (b.amount - coalesce((SELECT sum(applied_amount) FROM match m, mine WHERE m.bill_id = b.id AND m.id < mine.first_id AND m.payment_id <> $2), 0))::bigint AS "openBefore",
              (b.amount - coalesce((SELECT sum(applied_amount) FROM match m, mine WHERE m.bill_id = b.id AND (m.id < mine.first_id OR m.payment_id = $2)), 0))::bigint AS "openAfter"
         FROM bill b WHERE b.id = $1`,
      [billId, paymentId],
    );
    return bill ?? null;
  }

  /** Nearest open bills: one or two digits off in 納付番号, or the same amount; closest first. */
  private async candidates(payment: { billNumber: string | null; amount: number; paidOn: string }): Promise<EvidenceDto['candidates']> {
    const rows: (EvidenceDto['candidates'][number] & { digits: number[] })[] = await this.db.dataSource.query(
      `WITH applied AS (
         SELECT bill_id, sum(applied_amount) AS applied FROM match GROUP BY bill_id
       ),
       open_bill AS (
         SELECT b.id, b.bill_number, b.amount, b.effective_due_date,
                (b.amount - coalesce(a.applied, 0))::bigint AS open_amount
           FROM bill b LEFT JOIN applied a ON a.bill_id = b.id
          WHERE b.municipality_code = $1 AND b.status = 'active'
       ),
       -- A number at most two digits off agrees exactly on one of three blocks (pigeonhole): only those
       -- and the bills open for exactly the amount paid are compared digit by digit.
       near AS (
         SELECT o.*, ARRAY(SELECT i FROM generate_series(1, 16) i
                            WHERE $2::text IS NULL OR substr(o.bill_number, i, 1) <> substr($2::text, i, 1)) AS digits
           FROM open_bill o
          WHERE o.open_amount > 0
            AND (o.open_amount = $3
                 OR left(o.bill_number, 5) = left($2::text, 5)
                 OR substr(o.bill_number, 6, 5) = substr($2::text, 6, 5)
                 OR right(o.bill_number, 6) = right($2::text, 6))
       )
       SELECT id AS "billId", bill_number AS "billNumber", amount, open_amount AS "openAmount",
              effective_due_date AS "effectiveDueDate", digits
         FROM near
        WHERE cardinality(digits) <= 2 OR open_amount = $3
        ORDER BY cardinality(digits), abs(open_amount - $3), abs(effective_due_date - $4::date), id
        LIMIT 3`,
      [this.config.MUNICIPALITY_CODE, payment.billNumber, payment.amount, payment.paidOn],
    );
    return rows.map(({ digits, ...c }) => ({
      ...c,
      differences: [
        ...(payment.billNumber && digits.length ? [`納付番号 ${digits.length}桁違い（${digits.join('・')}桁目）`] : []),
        ...(c.openAmount !== payment.amount ? [`金額 ${(payment.amount - c.openAmount).toLocaleString('ja-JP')}円の差`] : []),
        ...(payment.paidOn > c.effectiveDueDate ? [`納期限 ${c.effectiveDueDate} 後の納付`] : []),
      ],
    }));
  }
}
