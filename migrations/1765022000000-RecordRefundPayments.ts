import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 還付の支出: the day a decided refund (an applied `refund` resolution) was actually paid out, recorded by a manager
 * and audited. Until then the money is 還付未済額 in the 決算 (issue #11). One payout per refund; never updated.
 */
export class RecordRefundPayments1765022000000 implements MigrationInterface {
  name = 'RecordRefundPayments1765022000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refund_payment (
        id bigserial CONSTRAINT pk_refund_payment PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        resolution_id bigint NOT NULL CONSTRAINT fk_refund_payment_resolution REFERENCES resolution (id),
        paid_on date NOT NULL,
        amount bigint NOT NULL CHECK (amount > 0),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_refund_payment_resolution UNIQUE (resolution_id)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refund_payment`);
  }
}
