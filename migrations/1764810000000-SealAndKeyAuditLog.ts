import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * issue #6 finding 4. The audit log becomes append-only in the database itself: a trigger refuses
 * UPDATE, DELETE and TRUNCATE (only the table's owner could switch it off, and the service does not
 * run as the owner). Each row says how its hash was made: `chain_version` 1 is the sha256 chain the
 * rows so far carry; 2 is an HMAC under a key the application holds and the database never stores.
 * Existing rows are version 1 and keep verifying; the default is dropped so every writer says which.
 */
export class SealAndKeyAuditLog1764810000000 implements MigrationInterface {
  name = 'SealAndKeyAuditLog1764810000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN chain_version smallint NOT NULL DEFAULT 1
                     CONSTRAINT ck_audit_log_chain_version CHECK (chain_version IN (1, 2))`);
    await q.query(`ALTER TABLE audit_log ALTER COLUMN chain_version DROP DEFAULT`);
    await q.query(`
      CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '監査ログは変更・削除できません / the audit log is append-only (%)', TG_OP
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_audit_log_append_only
        BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`
      CREATE TRIGGER tr_audit_log_no_truncate
        BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_audit_log_no_truncate ON audit_log`);
    await q.query(`DROP TRIGGER tr_audit_log_append_only ON audit_log`);
    await q.query(`DROP FUNCTION audit_log_append_only()`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN chain_version`);
  }
}
