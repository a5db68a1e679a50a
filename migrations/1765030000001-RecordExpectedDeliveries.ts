import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 未着 as data (issue #12): which files a city expects, and on which weekdays. A format is expected on a day
 * when the day is a business day (banks open: src/common/expected-deliveries.ts) and its ISO weekday
 * (1 = Monday … 7 = Sunday) is listed. 垂水市 gets the konbini 速報/確報 every business day, as the
 * former KESHIKOMI_EXPECTED_DAILY default said; a city adds a row (a card company's Monday file: `{1}`)
 * without a release.
 */
export class RecordExpectedDeliveries1765030000001 implements MigrationInterface {
  name = 'RecordExpectedDeliveries1765030000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE expected_delivery (
        municipality_code char(6) NOT NULL DEFAULT '462144',
        format text NOT NULL,
        weekdays smallint[] NOT NULL
          CHECK (cardinality(weekdays) > 0 AND weekdays <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]),
        PRIMARY KEY (municipality_code, format)
      )`);
    await q.query(`INSERT INTO expected_delivery (municipality_code, format, weekdays) VALUES ('462144', 'konbini', '{1,2,3,4,5}')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE expected_delivery`);
  }
}
