import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The third leg (issue #9): does the money each provider promised reach the city's account?
 *
 * - `payout_source`: who pays out a provider's collections (per format and provider key, formats.md "収入日 and
 *   payout keys"), as the bank statement names them (振込依頼人名, kept folded for matching), gross or net of fees,
 *   the fee table (fee per item, fee rate), tolerance and lag in business days. Data, set by `payout-source set`.
 * - `bank_statement` and `statement_entry`: each `zengin-deposit` header (the account and the 勘定日 it covers: the
 *   reconciliation's clock) and every 入出金 row, none a payment. An entry re-sent in a later statement is the same
 *   entry (account, 勘定日, 照会番号).
 * - view `expected_payout`: THE definition of an expected payout, per format, provider key and 収入日: the count and
 *   sum of the payments due that day (view `payout_flow`: each payment's part), a 取消 lowering the payout of its own
 *   収入日, the fees of the payout source and the amount expected (less fees when net). The payout key is formats.md's:
 *   the counter register's payments (provider `register:<窓口>`) are one payout, key `counter` (the 金銭出納員 pays in
 *   the day's cash of every window at once); a QR payment's key is its 加盟店ID (provider `qr:<加盟店ID>`).
 * - `payout_status`: the reconciliation's outcome, one row per expected payout or unexplained 入金, rewritten whole
 *   by each run (it is derived: the view, the statements and the people's links decide it).
 * - deposit exceptions name their payout (format, provider, 収入日) and/or their statement entry; the live-exception
 *   key takes them in. Resolutions gain the deposit actions, `link_deposit` naming its statement entry.
 */
export class CreateDepositReconciliation1765000000000 implements MigrationInterface {
  name = 'CreateDepositReconciliation1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payout_source (
        id bigserial CONSTRAINT pk_payout_source PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        format text NOT NULL,
        provider_code text NOT NULL,
        payer_name text NOT NULL,
        payer_name_folded text NOT NULL,
        fees text NOT NULL CONSTRAINT ck_payout_source_fees CHECK (fees IN ('gross', 'net')),
        fee_per_item bigint NOT NULL CONSTRAINT ck_payout_source_fee_per_item CHECK (fee_per_item >= 0),
        fee_rate numeric(7, 4) NOT NULL CONSTRAINT ck_payout_source_fee_rate CHECK (fee_rate >= 0 AND fee_rate < 100),
        tolerance_days integer NOT NULL CONSTRAINT ck_payout_source_tolerance CHECK (tolerance_days BETWEEN 0 AND 30),
        lag_days integer NOT NULL CONSTRAINT ck_payout_source_lag CHECK (lag_days BETWEEN 0 AND 30),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_payout_source UNIQUE (municipality_code, format, provider_code)
      )`);

    await q.query(`
      CREATE TABLE bank_statement (
        id bigserial CONSTRAINT pk_bank_statement PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        batch_id bigint NOT NULL CONSTRAINT fk_bank_statement_batch REFERENCES import_batch (id),
        line_no integer NOT NULL,
        bank_code text NOT NULL,
        branch_code text NOT NULL,
        account_type text NOT NULL,
        account_no text NOT NULL,
        account_name text NOT NULL,
        created_on date NOT NULL,
        covered_from date NOT NULL,
        covered_to date NOT NULL,
        opening_balance bigint NOT NULL,
        CONSTRAINT uq_bank_statement_line UNIQUE (batch_id, line_no),
        CONSTRAINT ck_bank_statement_period CHECK (covered_from <= covered_to)
      )`);
    await q.query(`CREATE INDEX ix_bank_statement_period ON bank_statement (municipality_code, covered_to)`);

    await q.query(`
      CREATE TABLE statement_entry (
        id bigserial CONSTRAINT pk_statement_entry PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        batch_id bigint NOT NULL CONSTRAINT fk_statement_entry_batch REFERENCES import_batch (id),
        line_no integer NOT NULL,
        bank_code text NOT NULL,
        branch_code text NOT NULL,
        account_no text NOT NULL,
        reference_no text NOT NULL,
        booked_on date NOT NULL,
        value_on date,
        direction text NOT NULL CONSTRAINT ck_statement_entry_direction CHECK (direction IN ('credit', 'debit')),
        transaction_code text NOT NULL,
        amount bigint NOT NULL CONSTRAINT ck_statement_entry_amount CHECK (amount > 0),
        other_bank_amount bigint NOT NULL,
        payer_code text,
        payer_name text,
        payer_name_folded text NOT NULL,
        remitting_bank text,
        remitting_branch text,
        description text,
        edi text,
        CONSTRAINT uq_statement_entry UNIQUE (municipality_code, bank_code, branch_code, account_no, booked_on, reference_no)
      )`);
    await q.query(`CREATE INDEX ix_statement_entry_credit ON statement_entry (municipality_code, booked_on) WHERE direction = 'credit'`);

    // Each payment's part in a payout: +amount on its 収入日, and −amount on the 収入日 of its 取消.
    await q.query(`
      CREATE VIEW payout_flow AS
      WITH keyed AS (
        SELECT p.*, CASE p.source_format WHEN 'city-cash' THEN 'counter'
                                         WHEN 'qr-counter' THEN regexp_replace(p.provider_code, '^qr:', '')
                                         ELSE p.provider_code END AS payout_provider
          FROM payment p
         WHERE p.has_final AND p.income_on IS NOT NULL AND p.provider_code IS NOT NULL)
      SELECT municipality_code, id AS payment_id, source_format AS format, payout_provider AS provider_code,
             income_on AS due_on, 1 AS items, amount
        FROM keyed WHERE state <> 'cancelled' OR cancelled_income_on IS NOT NULL
      UNION ALL
      SELECT municipality_code, id, source_format, payout_provider, cancelled_income_on, 0, -amount
        FROM keyed WHERE state = 'cancelled' AND cancelled_income_on IS NOT NULL`);
    await q.query(`
      CREATE VIEW expected_payout AS
      WITH due AS (
        SELECT municipality_code, format, provider_code, due_on, sum(items)::int AS expected_count, sum(amount)::bigint AS gross_amount
          FROM payout_flow GROUP BY municipality_code, format, provider_code, due_on)
      SELECT d.municipality_code, d.format, d.provider_code, d.due_on, d.expected_count, d.gross_amount,
             s.id AS payout_source_id,
             coalesce(s.fee_per_item * d.expected_count + floor(d.gross_amount * s.fee_rate / 100), 0)::bigint AS fee_amount,
             (d.gross_amount - CASE WHEN s.fees = 'net'
                                    THEN s.fee_per_item * d.expected_count + floor(d.gross_amount * s.fee_rate / 100)
                                    ELSE 0 END)::bigint AS expected_amount
        FROM due d
        LEFT JOIN payout_source s
          ON s.municipality_code = d.municipality_code AND s.format = d.format AND s.provider_code = d.provider_code`);

    await q.query(`
      CREATE TABLE payout_status (
        id bigserial CONSTRAINT pk_payout_status PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        payout_source_id bigint NOT NULL CONSTRAINT fk_payout_status_source REFERENCES payout_source (id),
        format text NOT NULL,
        provider_code text NOT NULL,
        due_on date,
        expected_count integer,
        gross_amount bigint,
        fee_amount bigint,
        expected_amount bigint,
        statement_entry_id bigint CONSTRAINT fk_payout_status_entry REFERENCES statement_entry (id),
        arrived_on date,
        arrived_amount bigint,
        status text NOT NULL CONSTRAINT ck_payout_status_status
          CHECK (status IN ('pending', 'matched', 'late', 'mismatch', 'missing', 'unexpected')),
        rule text NOT NULL,
        CONSTRAINT ck_payout_status_shape CHECK ((due_on IS NULL) = (status = 'unexpected'))
      )`);
    await q.query(`CREATE INDEX ix_payout_status_due ON payout_status (municipality_code, due_on)`);

    await q.query(`
      ALTER TABLE recon_exception
        ADD COLUMN statement_entry_id bigint CONSTRAINT fk_recon_exception_statement_entry REFERENCES statement_entry (id),
        ADD COLUMN payout_format text,
        ADD COLUMN payout_provider text,
        ADD COLUMN payout_due_on date`);
    await q.query(`DROP INDEX uq_recon_exception_live`);
    await q.query(`
      CREATE UNIQUE INDEX uq_recon_exception_live ON recon_exception
        (municipality_code, type, coalesce(payment_id, 0), coalesce(batch_id, 0), coalesce(receipt_id, 0),
         coalesce(statement_entry_id, 0), coalesce(payout_format, ''), coalesce(payout_provider, ''),
         coalesce(payout_due_on, DATE '0001-01-01'))
        WHERE status IN ('open', 'in_review')`);

    await q.query(`ALTER TABLE resolution DROP CONSTRAINT resolution_action_check`);
    await q.query(`
      ALTER TABLE resolution ADD CONSTRAINT ck_resolution_action CHECK (action IN
        ('manual_match', 'undo_match', 'accept_installment', 'refund', 'apply_to_bill', 'write_off', 'dismiss',
         'accept_fee_difference', 'link_deposit', 'escalate_to_provider'))`);
    await q.query(
      `ALTER TABLE resolution ADD COLUMN target_statement_entry_id bigint
         CONSTRAINT fk_resolution_target_statement_entry REFERENCES statement_entry (id)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    // Deposit exceptions and the resolutions of the deposit actions exist only with this schema.
    const deposit = `SELECT id FROM recon_exception
                      WHERE type IN ('deposit_missing', 'deposit_amount_mismatch', 'unexpected_deposit', 'cash_not_deposited')`;
    await q.query(`DELETE FROM resolution WHERE exception_id IN (${deposit})`);
    await q.query(`DELETE FROM exception_comment WHERE exception_id IN (${deposit})`);
    await q.query(`DELETE FROM recon_exception WHERE id IN (${deposit})`);
    await q.query(`ALTER TABLE resolution DROP COLUMN target_statement_entry_id`);
    await q.query(`ALTER TABLE resolution DROP CONSTRAINT ck_resolution_action`);
    await q.query(`
      ALTER TABLE resolution ADD CONSTRAINT resolution_action_check CHECK (action IN
        ('manual_match', 'undo_match', 'accept_installment', 'refund', 'apply_to_bill', 'write_off', 'dismiss'))`);
    await q.query(`DROP INDEX uq_recon_exception_live`);
    await q.query(`
      CREATE UNIQUE INDEX uq_recon_exception_live ON recon_exception
        (municipality_code, type, coalesce(payment_id, 0), coalesce(batch_id, 0), coalesce(receipt_id, 0))
        WHERE status IN ('open', 'in_review')`);
    await q.query(`
      ALTER TABLE recon_exception
        DROP COLUMN payout_due_on, DROP COLUMN payout_provider, DROP COLUMN payout_format, DROP COLUMN statement_entry_id`);
    await q.query(`DROP TABLE payout_status`);
    await q.query(`DROP VIEW expected_payout`);
    await q.query(`DROP VIEW payout_flow`);
    await q.query(`DROP TABLE statement_entry`);
    await q.query(`DROP TABLE bank_statement`);
    await q.query(`DROP TABLE payout_source`);
  }
}
