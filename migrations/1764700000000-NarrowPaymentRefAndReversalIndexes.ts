import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two indexes that every imported payment and every automatic match paid for, and only a few rows use:
 * - the 取引番号 index serves the pairing of counter QR payments with register rows, so it holds only
 *   qr_counter payments;
 * - "a match is reversed at most once" needs only the reversals in its unique index, not a NULL entry
 *   for every match.
 */
export class NarrowPaymentRefAndReversalIndexes1764700000000 implements MigrationInterface {
  name = 'NarrowPaymentRefAndReversalIndexes1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_payment_ref`);
    await q.query(`CREATE INDEX ix_payment_ref ON payment (municipality_code, payment_ref) WHERE channel = 'qr_counter'`);
    await q.query(`ALTER TABLE match DROP CONSTRAINT uq_match_reverses`);
    await q.query(`CREATE UNIQUE INDEX uq_match_reverses ON match (reverses_match_id) WHERE reverses_match_id IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_match_reverses`);
    await q.query(`ALTER TABLE match ADD CONSTRAINT uq_match_reverses UNIQUE (reverses_match_id)`);
    await q.query(`DROP INDEX ix_payment_ref`);
    await q.query(`CREATE INDEX ix_payment_ref ON payment (municipality_code, payment_ref)`);
  }
}
