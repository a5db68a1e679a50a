import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The city-hall counter register (窓口収納日計: each row both charge and receipt) and failed 口座振替
 * (振替不能: kept and counted, never payments). Payments gain the payer name as masked by the provider
 * file's parser; exceptions can name a register row (a QR row whose transaction never came).
 */
export class AddCounterRegisterAndFailedDebits1764300000000 implements MigrationInterface {
  name = 'AddCounterRegisterAndFailedDebits1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE counter_receipt (
        id bigserial CONSTRAINT pk_counter_receipt PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        receipt_no text NOT NULL,
        received_on date NOT NULL,
        received_time time NOT NULL,
        counter_code text NOT NULL,
        category_code varchar(2) NOT NULL,
        quantity integer NOT NULL CHECK (quantity > 0),
        amount bigint NOT NULL,
        method text NOT NULL CHECK (method IN ('cash', 'qr')),
        qr_transaction_id text,
        voided boolean NOT NULL DEFAULT false,
        payment_id bigint CONSTRAINT fk_counter_receipt_payment REFERENCES payment (id),
        batch_id bigint NOT NULL CONSTRAINT fk_counter_receipt_batch REFERENCES import_batch (id),
        line_no integer NOT NULL,
        CONSTRAINT uq_counter_receipt_no UNIQUE (municipality_code, receipt_no)
      )`);
    await q.query(`CREATE INDEX ix_counter_receipt_qr ON counter_receipt (municipality_code, qr_transaction_id) WHERE method = 'qr'`);

    await q.query(`
      CREATE TABLE failed_debit (
        id bigserial CONSTRAINT pk_failed_debit PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        bill_number text,
        reference_valid boolean NOT NULL,
        debit_on date NOT NULL,
        amount bigint NOT NULL,
        result_code char(1) NOT NULL,
        provider_code text,
        payer_name_masked text,
        batch_id bigint NOT NULL CONSTRAINT fk_failed_debit_batch REFERENCES import_batch (id),
        line_no integer NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_failed_debit_bill ON failed_debit (municipality_code, bill_number)`);

    await q.query(`ALTER TABLE payment ADD COLUMN payer_name_masked text`);
    // Counter QR payments meet their register rows by the provider's 取引番号.
    await q.query(`CREATE INDEX ix_payment_ref ON payment (municipality_code, payment_ref)`);
    await q.query(
      `ALTER TABLE recon_exception ADD COLUMN receipt_id bigint CONSTRAINT fk_recon_exception_receipt REFERENCES counter_receipt (id)`,
    );
    await q.query(`DROP INDEX uq_recon_exception_live`);
    await q.query(`
      CREATE UNIQUE INDEX uq_recon_exception_live ON recon_exception
        (municipality_code, type, coalesce(payment_id, 0), coalesce(batch_id, 0), coalesce(receipt_id, 0))
        WHERE status IN ('open', 'in_review')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX uq_recon_exception_live`);
    await q.query(`
      CREATE UNIQUE INDEX uq_recon_exception_live ON recon_exception
        (municipality_code, type, coalesce(payment_id, 0), coalesce(batch_id, 0))
        WHERE status IN ('open', 'in_review')`);
    await q.query(`ALTER TABLE recon_exception DROP COLUMN receipt_id`);
    await q.query(`DROP INDEX ix_payment_ref`);
    await q.query(`ALTER TABLE payment DROP COLUMN payer_name_masked`);
    await q.query(`DROP TABLE failed_debit`);
    await q.query(`DROP TABLE counter_receipt`);
  }
}
