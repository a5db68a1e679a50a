import { MigrationInterface, QueryRunner } from 'typeorm';

/** `operator`: a service account that imports files and reads imports, nothing else; its uploads are not held. */
export class AddOperatorRole1764833000000 implements MigrationInterface {
  name = 'AddOperatorRole1764833000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(`
      ALTER TABLE app_user
        ADD CONSTRAINT app_user_role_check CHECK (role IN ('staff', 'manager', 'finance', 'auditor', 'admin', 'operator'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Fails, as it should, while an operator account exists.
    await q.query(`ALTER TABLE app_user DROP CONSTRAINT app_user_role_check`);
    await q.query(`
      ALTER TABLE app_user ADD CONSTRAINT app_user_role_check CHECK (role IN ('staff', 'manager', 'finance', 'auditor', 'admin'))`);
  }
}
