import { Injectable } from '@nestjs/common';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { BillDto, BillListQuery, CategoryDto } from './bills.dto';

/** 未納 / 完納: a bill's open amount (bill_balance, adjustments included) above zero, or none left. */
const BALANCE_FILTERS: Record<NonNullable<BillListQuery['balance']>, string> = {
  open: 'bb.open_amount > 0',
  settled: 'bb.open_amount = 0',
};

/** The SQL of bills (調定) and the revenue categories they belong to. */
@Injectable()
export class BillsRepository {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
  ) {}

  categories(): Promise<CategoryDto[]> {
    return this.db.dataSource.query(`SELECT code, name, kind FROM revenue_category WHERE municipality_code = $1 ORDER BY code`, [
      this.config.MUNICIPALITY_CODE,
    ]);
  }

  /**
   * Bills by id with what was applied to them and what is still open, as the bill_balance view defines it:
   * one row more than asked, so the caller knows whether a page follows. 消込済額 counts adjustments.
   */
  list(query: BillListQuery): Promise<BillDto[]> {
    const f = new SqlFilter()
      .add('b.municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('b.bill_number = ?', query.billNumber)
      .add('b.payer_id = ?', query.payerId)
      .add('b.category_code = ?', query.category)
      .add('b.fiscal_year = ?', query.fiscalYear)
      .add('b.status = ?', query.status)
      .add('b.id > ?', query.after);
    if (query.balance) f.clause(BALANCE_FILTERS[query.balance]);
    return this.db.dataSource.query(
      `SELECT b.id, b.bill_number AS "billNumber", b.category_code AS category, c.name AS "categoryName",
              b.fiscal_year AS "fiscalYear", b.installment, b.due_date AS "dueDate",
              b.effective_due_date AS "effectiveDueDate", b.amount, (bb.applied + bb.adjusted)::bigint AS "appliedAmount",
              bb.open_amount AS "openAmount", b.payer_id AS "payerId", b.status, b.version, b.updated_on AS "updatedOn"
         FROM bill b
         JOIN bill_balance bb ON bb.bill_id = b.id
         JOIN revenue_category c ON c.municipality_code = b.municipality_code AND c.code = b.category_code
         ${f.where}
        ORDER BY b.id LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
  }
}
