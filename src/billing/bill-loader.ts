import { effectiveDueDate } from '../common/calendar';
import type { BulkValue } from '../database/bulk-writer';
import { analyzeStage } from '../database/stage-statistics';
import type { BillRow } from '../imports/parsers/parser.types';
import { StagedRowLoader, StageTable } from '../imports/row-loader';

/**
 * Loads 調定 rows: staged in bulk, then merged with set-based SQL. A row for a known 納付番号 that
 * changes it (減額更正, 取消) becomes the bill's new version; the old one stays in bill_version.
 */
export class BillLoader extends StagedRowLoader<BillRow> {
  protected readonly stage: StageTable = {
    name: 'stage_bill',
    definition: `
      line_no integer NOT NULL, municipality_code char(6) NOT NULL, bill_number char(16) NOT NULL,
      category_code varchar(2) NOT NULL, fiscal_year integer NOT NULL, accounting_year integer, installment char(2) NOT NULL,
      due_date date NOT NULL, effective_due_date date NOT NULL, amount bigint NOT NULL,
      payer_id text NOT NULL, status text NOT NULL, updated_on date NOT NULL`,
    columns: [
      'line_no',
      'municipality_code',
      'bill_number',
      'category_code',
      'fiscal_year',
      'accounting_year',
      'installment',
      'due_date',
      'effective_due_date',
      'amount',
      'payer_id',
      'status',
      'updated_on',
    ],
  };

  protected values(row: BillRow): BulkValue[] {
    return [
      row.municipalityCode,
      row.billNumber,
      row.categoryCode,
      row.fiscalYear,
      row.accountingYear,
      row.installment,
      row.dueDate,
      effectiveDueDate(row.dueDate),
      row.amount,
      row.payerId,
      row.status,
      row.updatedOn,
    ];
  }

  async finish(): Promise<Record<string, number>> {
    await analyzeStage(this.into.runner, 'stage_bill');
    // Only rows that change something make a version: a nightly full export re-sends every bill.
    await this.into.runner.query(`
      CREATE TEMP TABLE stage_bill_change ON COMMIT DROP AS
      SELECT s.*,
             row_number() OVER (PARTITION BY s.municipality_code, s.bill_number ORDER BY s.line_no) AS seq,
             count(*) OVER (PARTITION BY s.municipality_code, s.bill_number) AS n
        FROM stage_bill s
        LEFT JOIN bill b ON b.municipality_code = s.municipality_code AND b.bill_number = s.bill_number
       WHERE b.id IS NULL
          OR (b.amount, b.status, b.due_date, b.payer_id, b.updated_on, b.category_code, b.fiscal_year, b.accounting_year, b.installment)
             IS DISTINCT FROM
             (s.amount, s.status, s.due_date, s.payer_id, s.updated_on, s.category_code, s.fiscal_year, s.accounting_year, s.installment)`);
    await analyzeStage(this.into.runner, 'stage_bill_change');
    const [counts]: { created: number; changed: number; versions: number }[] = await this.into.runner.query(
      `WITH upserted AS (
       INSERT INTO bill (municipality_code, bill_number, category_code, fiscal_year, accounting_year, installment, due_date,
                         effective_due_date, amount, payer_id, status, updated_on, version, batch_id)
       SELECT municipality_code, bill_number, category_code, fiscal_year, accounting_year, installment, due_date,
              effective_due_date, amount, payer_id, status, updated_on, n, $1
         FROM stage_bill_change WHERE seq = n ORDER BY line_no
       ON CONFLICT (municipality_code, bill_number) DO UPDATE SET
         category_code = excluded.category_code, fiscal_year = excluded.fiscal_year, accounting_year = excluded.accounting_year,
         installment = excluded.installment, due_date = excluded.due_date,
         effective_due_date = excluded.effective_due_date, amount = excluded.amount,
         payer_id = excluded.payer_id, status = excluded.status, updated_on = excluded.updated_on,
         version = bill.version + excluded.version, batch_id = excluded.batch_id
       RETURNING id, municipality_code, bill_number, version, (xmax = 0) AS inserted),
       -- Every changing row is a version, numbered after the bill's previous one. Joined to the upsert's
       -- own rows (not to bill), so the plan never depends on bill's statistics mid-load.
       versions AS (
         INSERT INTO bill_version (bill_id, municipality_code, version, amount, status, due_date, updated_on, batch_id, line_no)
         SELECT u.id, c.municipality_code, u.version - c.n + c.seq, c.amount, c.status, c.due_date, c.updated_on, $1, c.line_no
           FROM stage_bill_change c
           JOIN upserted u ON u.municipality_code = c.municipality_code AND u.bill_number = c.bill_number
         RETURNING 1)
       SELECT (SELECT count(*) FROM upserted WHERE inserted)::int AS created,
              (SELECT count(*) FROM upserted WHERE NOT inserted)::int AS changed,
              (SELECT count(*) FROM versions)::int AS versions`,
      [this.into.batchId],
    );
    return { billsCreated: counts.created, billsChanged: counts.changed };
  }
}
