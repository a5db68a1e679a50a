import { MigrationInterface, QueryRunner } from 'typeorm';

/** eLTAX 税目・料金番号 per category: data a city can change (default `0` + 科目コード). */
export class AddEltaxTaxCodeToCategories1764200000000 implements MigrationInterface {
  name = 'AddEltaxTaxCodeToCategories1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE revenue_category ADD COLUMN eltax_code char(3)`);
    await q.query(`UPDATE revenue_category SET eltax_code = '0' || code`);
    await q.query(`CREATE UNIQUE INDEX uq_revenue_category_eltax_code ON revenue_category (municipality_code, eltax_code)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_revenue_category_eltax_code`);
    await q.query(`ALTER TABLE revenue_category DROP COLUMN eltax_code`);
  }
}
