import { Injectable } from '@nestjs/common';
import { Database } from '../../database/database';
import type { EvidenceDto } from './evidence.dto';

export type EvidencePaymentRow = EvidenceDto['payment'] & { billId: number | null };
export type EvidenceCandidateRow = Omit<EvidenceDto['candidates'][number], 'differences'> & { digits: number[] };

/**
 * The 根拠 card's reads. A bill's open amount comes from `bill_balance` and a standing match from
 * `standing_match` (migration DefineDomainQuantities), the definitions matching itself uses, so the
 * card shows the 残額 the rules saw, write-offs (端数処理) included.
 */
@Injectable()
export class EvidenceRepository {
  constructor(private readonly db: Database) {}

  /** The payment as it arrived, with its file and line, and the bill its 納付番号 names (if any). */
  async payment(municipalityCode: string, id: number): Promise<EvidencePaymentRow | undefined> {
    const [row]: EvidencePaymentRow[] = await this.db.dataSource.query(
      `SELECT p.id, p.channel, p.bill_number AS "billNumber", p.reference_valid AS "referenceValid",
              p.payment_ref AS "paymentRef", p.paid_on AS "paidOn", p.paid_time::text AS "paidTime", p.amount, p.state,
              p.has_preliminary AS "hasPreliminary", p.has_final AS "hasFinal", p.payer_name_masked AS "payerNameMasked",
              ib.file_name AS "fileName", p.first_line_no AS line, b.id AS "billId"
         FROM payment p
         JOIN import_batch ib ON ib.id = p.first_batch_id
         -- bill_number is char(16), the payment's text: compared as char so uq_bill_number finds the bill
         -- (compared as text, the bill side is cast and every bill is read: 0.66 s at 1,000,000 bills).
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
        WHERE p.id = $1 AND p.municipality_code = $2`,
      [id, municipalityCode],
    );
    return row;
  }

  /** Every match row of the payment, applies and reversals, each saying whether it still stands. */
  matches(paymentId: number): Promise<EvidenceDto['matches']> {
    return this.db.dataSource.query(
      `SELECT m.id, m.kind, m.bill_id AS "billId", b.bill_number AS "billNumber", m.applied_amount AS "appliedAmount",
              m.rule, m.reason, m.created_by AS "createdBy",
              EXISTS (SELECT 1 FROM standing_match s WHERE s.id = m.id) AS standing
         FROM match m JOIN bill b ON b.id = m.bill_id WHERE m.payment_id = $1 ORDER BY m.id`,
      [paymentId],
    );
  }

  exceptions(paymentId: number): Promise<EvidenceDto['exceptions']> {
    return this.db.dataSource.query(
      `SELECT id, type, status, detail, expected_amount AS "expectedAmount"
         FROM recon_exception WHERE payment_id = $1 ORDER BY id`,
      [paymentId],
    );
  }

  /**
   * The bill with its open amount just before this payment's money went in, and after: the balance now,
   * with what was applied from this payment's first match on and what was adjusted since given back. A
   * payment that has no match on the bill sees the balance now, before and after.
   */
  async bill(billId: number, paymentId: number): Promise<EvidenceDto['bill']> {
    const [row]: NonNullable<EvidenceDto['bill']>[] = await this.db.dataSource.query(
      `WITH mine AS (
         SELECT min(id) AS first_id, min(created_at) AS first_at, coalesce(sum(applied_amount), 0) AS applied
           FROM match WHERE payment_id = $2 AND bill_id = $1
       ), since AS (
         SELECT coalesce((SELECT sum(m.applied_amount) FROM match m WHERE m.bill_id = $1 AND m.id >= mine.first_id), 0)
                + coalesce((SELECT sum(a.amount) FROM bill_adjustment a WHERE a.bill_id = $1 AND a.created_at > mine.first_at), 0)
                AS given_back
           FROM mine
       )
       SELECT b.id, b.bill_number AS "billNumber", b.amount, b.due_date AS "dueDate", b.effective_due_date AS "effectiveDueDate",
              b.status, b.payer_id AS "payerId", b.version,
              (bb.open_amount + since.given_back)::bigint AS "openBefore",
              (bb.open_amount + since.given_back - mine.applied)::bigint AS "openAfter"
         FROM bill b JOIN bill_balance bb ON bb.bill_id = b.id, mine, since
        WHERE b.id = $1`,
      [billId, paymentId],
    );
    return row ?? null;
  }

  /**
   * Nearest open bills to a payment: one or two digits off in 納付番号, or open for exactly the amount paid;
   * closest first. `digits` are the positions (1–16) that differ.
   */
  nearestOpenBills(
    municipalityCode: string,
    payment: { billNumber: string | null; amount: number; paidOn: string },
  ): Promise<EvidenceCandidateRow[]> {
    return this.db.dataSource.query(
      `WITH open_bill AS (
         SELECT b.id, b.bill_number, b.amount, b.effective_due_date, bb.open_amount
           FROM bill b JOIN bill_balance bb ON bb.bill_id = b.id
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
      [municipalityCode, payment.billNumber, payment.amount, payment.paidOn],
    );
  }
}
