import { MigrationInterface, QueryRunner } from 'typeorm';

/** The append-only guard each table gets, and the per-row keys to it it replaces. */
const GUARDED = [
  { table: 'payment', keys: [{ from: 'match', constraint: 'fk_match_payment', column: 'payment_id' }] },
  {
    table: 'bill',
    keys: [
      { from: 'match', constraint: 'fk_match_bill', column: 'bill_id' },
      { from: 'bill_version', constraint: 'fk_bill_version_bill', column: 'bill_id' },
    ],
  },
] as const;

/**
 * issue #12: a match names its payment and its bill, and each match row's two foreign-key checks lock both rows
 * (FOR KEY SHARE writes the lock into every payment and bill tuple): matching a 495,000-payment file spent 18 s
 * of the import's 60 s of database time inserting its matches, 3 s without the checks.
 * Payments and bills are never deleted nor renumbered — a bill changes by a new version, a payment by the
 * records that fold into it — and the matcher takes both ids from the rows it joins in the same transaction.
 * This migration makes that a rule of the database, as 1764600000000 did for import batches (a trigger refuses
 * DELETE, TRUNCATE and a change of id), and drops the two per-row checks on `match` and the one on
 * `bill_version` (a 調定 file's every new or changed bill writes a version, from the upsert's own rows). The
 * other references to payments and bills (exceptions, resolutions, adjustments, the counter register: far
 * fewer rows) keep their foreign keys.
 */
export class KeepPaymentsAndBillsInsteadOfCheckingMatchKeys1765040000001 implements MigrationInterface {
  name = 'KeepPaymentsAndBillsInsteadOfCheckingMatchKeys1765040000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION matched_row_kept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% % は削除・番号変更できません（消込の根拠です） / % rows are never deleted or renumbered (matches name them)',
          TG_TABLE_NAME, coalesce(OLD.id::text, ''), TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const g of GUARDED) {
      await q.query(`
        CREATE TRIGGER tr_${g.table}_kept BEFORE DELETE OR UPDATE OF id ON ${g.table}
          FOR EACH ROW EXECUTE FUNCTION matched_row_kept()`);
      await q.query(`
        CREATE TRIGGER tr_${g.table}_no_truncate BEFORE TRUNCATE ON ${g.table}
          FOR EACH STATEMENT EXECUTE FUNCTION matched_row_kept()`);
      for (const k of g.keys) await q.query(`ALTER TABLE ${k.from} DROP CONSTRAINT ${k.constraint}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const g of GUARDED) {
      for (const k of g.keys) {
        await q.query(`ALTER TABLE ${k.from} ADD CONSTRAINT ${k.constraint} FOREIGN KEY (${k.column}) REFERENCES ${g.table} (id)`);
      }
      await q.query(`DROP TRIGGER tr_${g.table}_no_truncate ON ${g.table}`);
      await q.query(`DROP TRIGGER tr_${g.table}_kept ON ${g.table}`);
    }
    await q.query(`DROP FUNCTION matched_row_kept()`);
  }
}
