import { Injectable } from '@nestjs/common';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { PaymentDto, PaymentListQuery } from './payments.dto';

/** The SQL of payments (収納) as the API reads them. Loading them is the loaders' (payment-loader, counter-receipt-loader). */
@Injectable()
export class PaymentsRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  /** Payments by id with what their standing matches applied: one row more than asked. */
  list(query: PaymentListQuery): Promise<PaymentDto[]> {
    const f = new SqlFilter()
      .add('p.municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('p.bill_number = ?', query.billNumber)
      .add('p.channel = ?', query.channel)
      .add('p.paid_on >= ?', query.paidFrom)
      .add('p.paid_on <= ?', query.paidTo)
      .add('p.state = ?', query.state)
      .add('p.category_code = ?', query.category)
      .add('p.id > ?', query.after);
    return this.db.dataSource.query(
      `SELECT p.id, p.channel, p.provider_code AS "providerCode", p.bill_number AS "billNumber",
              p.reference_valid AS "referenceValid", p.payment_ref AS "paymentRef", p.category_code AS category,
              p.paid_on AS "paidOn", p.paid_time::text AS "paidTime", p.amount, p.state,
              p.has_preliminary AS "hasPreliminary", p.has_final AS "hasFinal", p.deposit_due_on AS "depositDueOn",
              p.income_on AS "incomeOn", a.fiscal_year AS "fiscalYear", a.year_class AS "yearClass",
              b.id AS "billId",
              coalesce((SELECT sum(m.applied_amount) FROM standing_match m WHERE m.payment_id = p.id), 0)::bigint AS "appliedAmount",
              (SELECT count(*) FROM recon_exception e
                WHERE e.payment_id = p.id AND e.status IN ('open', 'in_review'))::int AS "openExceptions"
         FROM payment p
         JOIN payment_accounting a ON a.payment_id = p.id
         LEFT JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar
         ${f.where}
        ORDER BY p.id LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
  }
}
