import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Page, toPage } from '../common/pagination';
import { SqlFilter } from '../common/sql-filter';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import type { BillDto, BillListQuery } from './bills.dto';

@Injectable()
export class BillsService {
  constructor(
    private readonly db: Database,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Bills carry the 宛名番号: every list that returns some is recorded as a read by `reader`. */
  categories(): Promise<{ code: string; name: string; kind: string }[]> {
    return this.db.dataSource.query(
      `SELECT code, name, kind FROM revenue_category WHERE municipality_code = $1 ORDER BY code`, [this.config.MUNICIPALITY_CODE]);
  }

  async list(query: BillListQuery, reader: string): Promise<Page<BillDto>> {
    const f = new SqlFilter()
      .add('b.municipality_code = ?', this.config.MUNICIPALITY_CODE)
      .add('b.bill_number = ?', query.billNumber)
      .add('b.payer_id = ?', query.payerId)
      .add('b.category_code = ?', query.category)
      .add('b.fiscal_year = ?', query.fiscalYear)
      .add('b.status = ?', query.status)
      .add('b.id > ?', query.after);
    const balance = query.balance === 'open' ? 'AND b.amount > coalesce(a.applied, 0)' : query.balance === 'settled' ? 'AND b.amount <= coalesce(a.applied, 0)' : '';
    const rows: BillDto[] = await this.db.dataSource.query(
      `SELECT b.id, b.bill_number AS "billNumber", b.category_code AS category, c.name AS "categoryName",
              b.fiscal_year AS "fiscalYear", b.installment, b.due_date AS "dueDate",
              b.effective_due_date AS "effectiveDueDate", b.amount, coalesce(a.applied, 0)::bigint AS "appliedAmount",
              greatest(b.amount - coalesce(a.applied, 0), 0)::bigint AS "openAmount", b.payer_id AS "payerId",
              b.status, b.version, b.updated_on AS "updatedOn"
         FROM bill b
         JOIN revenue_category c ON c.municipality_code = b.municipality_code AND c.code = b.category_code
         LEFT JOIN LATERAL (SELECT (SELECT coalesce(sum(m.applied_amount), 0) FROM match m WHERE m.bill_id = b.id)
                                 + (SELECT coalesce(sum(x.amount), 0) FROM bill_adjustment x WHERE x.bill_id = b.id) AS applied) a ON true
         ${f.where} ${balance}
        ORDER BY b.id LIMIT ${f.param(query.limit + 1)}`,
      f.params,
    );
    const page = toPage(rows, query.limit);
    await this.audit.recordRead(reader, 'bill', page.items.map((b) => b.id), '宛名番号');
    return page;
  }
}
