import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 手続台帳: the city's procedures that collect money (a revenue category of keshikomi's, or a counter fee keshikomi does
 * not reconcile) and, per procedure, each channel it accepts and since when (issue #11). The plan's KPI 導入率 is read
 * from it — the share of procedures accepting a cashless channel — beside the 利用率 of the payments. A `since` in the
 * future is a planned introduction. The seed is illustrative: the city keeps its own ledger.
 */
export class CreateProcedureLedger1765023000000 implements MigrationInterface {
  name = 'CreateProcedureLedger1765023000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE procedure_ledger (
        municipality_code char(6) NOT NULL DEFAULT '462144',
        code text NOT NULL CHECK (code ~ '^[0-9A-Za-z_-]{1,20}$'),
        name text NOT NULL CHECK (name <> ''),
        category_code varchar(2),
        CONSTRAINT pk_procedure_ledger PRIMARY KEY (municipality_code, code),
        CONSTRAINT fk_procedure_ledger_category FOREIGN KEY (municipality_code, category_code)
          REFERENCES revenue_category (municipality_code, code)
      )`);
    await q.query(`
      CREATE TABLE procedure_channel (
        municipality_code char(6) NOT NULL DEFAULT '462144',
        procedure_code text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('convenience_store', 'smartphone_app', 'qr_counter', 'eltax', 'credit_card',
                                                 'direct_debit', 'bank_counter', 'city_cash')),
        accepted_since date NOT NULL,
        CONSTRAINT pk_procedure_channel PRIMARY KEY (municipality_code, procedure_code, channel),
        CONSTRAINT fk_procedure_channel_procedure FOREIGN KEY (municipality_code, procedure_code)
          REFERENCES procedure_ledger (municipality_code, code) ON DELETE CASCADE
      )`);
    await q.query(`
      INSERT INTO procedure_ledger (municipality_code, code, name, category_code)
      SELECT municipality_code, code, name, code FROM revenue_category`);
    await q.query(`
      INSERT INTO procedure_ledger (code, name) VALUES
        ('F01', '税務証明手数料'), ('F02', '畜犬登録手数料'), ('F03', '狂犬病予防注射済票交付手数料'),
        ('F04', '粗大ごみ処理手数料'), ('F05', '公民館使用料'), ('F06', '体育施設使用料'), ('F07', '市営墓地管理料'),
        ('F08', '放課後児童クラブ利用料'), ('F09', '行政財産使用料'), ('F10', '埋火葬許可・斎場使用料')`);
    await q.query(`
      INSERT INTO procedure_channel (municipality_code, procedure_code, channel, accepted_since)
      SELECT p.municipality_code, p.code, c.channel, c.since::date
        FROM procedure_ledger p
        JOIN (VALUES
          ('01', 'bank_counter', '2000-04-01'), ('01', 'direct_debit', '2000-04-01'), ('01', 'convenience_store', '2016-04-01'),
          ('01', 'smartphone_app', '2021-04-01'), ('01', 'eltax', '2023-04-01'), ('01', 'credit_card', '2025-10-01'),
          ('02', 'bank_counter', '2000-04-01'), ('02', 'direct_debit', '2000-04-01'), ('02', 'convenience_store', '2016-04-01'),
          ('02', 'smartphone_app', '2021-04-01'), ('02', 'eltax', '2023-04-01'), ('02', 'credit_card', '2025-10-01'),
          ('03', 'bank_counter', '2000-04-01'), ('03', 'direct_debit', '2000-04-01'), ('03', 'convenience_store', '2016-04-01'),
          ('03', 'smartphone_app', '2021-04-01'), ('03', 'eltax', '2023-04-01'), ('03', 'credit_card', '2025-10-01'),
          ('04', 'bank_counter', '2000-04-01'), ('04', 'direct_debit', '2000-04-01'), ('04', 'convenience_store', '2016-04-01'),
          ('04', 'smartphone_app', '2021-04-01'), ('04', 'eltax', '2023-04-01'), ('04', 'credit_card', '2025-10-01'),
          ('05', 'bank_counter', '2000-04-01'), ('05', 'direct_debit', '2000-04-01'), ('05', 'convenience_store', '2016-04-01'),
          ('05', 'smartphone_app', '2021-04-01'), ('05', 'credit_card', '2025-10-01'),
          ('06', 'bank_counter', '2008-04-01'), ('06', 'direct_debit', '2008-04-01'), ('06', 'convenience_store', '2016-04-01'),
          ('06', 'smartphone_app', '2021-04-01'), ('06', 'credit_card', '2025-10-01'),
          ('07', 'bank_counter', '2000-04-01'), ('07', 'direct_debit', '2000-04-01'), ('07', 'convenience_store', '2018-04-01'),
          ('08', 'bank_counter', '2000-04-01'), ('08', 'direct_debit', '2000-04-01'), ('08', 'convenience_store', '2018-04-01'),
          ('09', 'bank_counter', '2000-04-01'), ('09', 'city_cash', '2000-04-01'), ('09', 'convenience_store', '2019-04-01'),
          ('10', 'city_cash', '2000-04-01'), ('10', 'qr_counter', '2022-04-01'),
          ('F01', 'city_cash', '2000-04-01'), ('F01', 'qr_counter', '2027-04-01'),
          ('F02', 'city_cash', '2000-04-01'), ('F03', 'city_cash', '2000-04-01'), ('F04', 'city_cash', '2000-04-01'),
          ('F05', 'city_cash', '2000-04-01'), ('F06', 'city_cash', '2000-04-01'), ('F07', 'bank_counter', '2000-04-01'),
          ('F08', 'city_cash', '2000-04-01'), ('F09', 'bank_counter', '2000-04-01'),
          ('F10', 'city_cash', '2000-04-01')
        ) AS c(code, channel, since) ON c.code = p.code`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE procedure_channel`);
    await q.query(`DROP TABLE procedure_ledger`);
  }
}
