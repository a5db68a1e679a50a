import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reconciliation schema: categories and code tables (data, not code), import batches with every
 * raw line, bills with their history, payments, append-only matches, exceptions and the audit log.
 * Every domain table carries the municipality code so one deployment can serve several cities.
 */
export class CreateReconciliationSchema1764100000000 implements MigrationInterface {
  name = 'CreateReconciliationSchema1764100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revenue_category (
        municipality_code char(6) NOT NULL DEFAULT '462144',
        code varchar(2) NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('tax', 'premium', 'charge', 'fee')),
        CONSTRAINT pk_revenue_category PRIMARY KEY (municipality_code, code)
      )`);
    await q.query(`
      INSERT INTO revenue_category (code, name, kind) VALUES
        ('01', '市県民税（普通徴収）', 'tax'),
        ('02', '固定資産税', 'tax'),
        ('03', '軽自動車税', 'tax'),
        ('04', '国民健康保険税', 'tax'),
        ('05', '介護保険料', 'premium'),
        ('06', '後期高齢者医療保険料', 'premium'),
        ('07', '住宅使用料', 'charge'),
        ('08', '保育所利用料', 'charge'),
        ('09', '生活環境課手数料', 'fee'),
        ('10', '市民課証明交付手数料', 'fee')`);

    await q.query(`
      CREATE TABLE cvs_code (
        municipality_code char(6) NOT NULL DEFAULT '462144',
        code varchar(3) NOT NULL,
        name text NOT NULL,
        channel text NOT NULL,
        CONSTRAINT pk_cvs_code PRIMARY KEY (municipality_code, code)
      )`);
    await q.query(`
      INSERT INTO cvs_code (code, name, channel) VALUES
        ('010', 'セブン-イレブン', 'convenience_store'),
        ('020', 'ローソン', 'convenience_store'),
        ('030', 'ファミリーマート', 'convenience_store'),
        ('050', 'デイリーヤマザキ', 'convenience_store'),
        ('080', 'ミニストップ', 'convenience_store'),
        ('730', 'ポプラ', 'convenience_store'),
        ('760', 'セイコーマート', 'convenience_store'),
        ('890', 'MMK', 'convenience_store'),
        ('530', 'PayB', 'smartphone_app'),
        ('750', 'J-Coin', 'smartphone_app'),
        ('780', 'au PAY', 'smartphone_app'),
        ('800', 'd払い', 'smartphone_app'),
        ('810', 'LINE Pay', 'smartphone_app'),
        ('820', 'PayPay', 'smartphone_app'),
        ('830', '楽天銀行', 'smartphone_app'),
        ('840', '銀行Pay', 'smartphone_app'),
        ('680', 'クレジットカード集信代行', 'credit_card'),
        ('910', '郵便振替（ATM）', 'bank_counter'),
        ('911', '郵便振替（窓口）', 'bank_counter')`);

    await q.query(`
      CREATE TABLE import_batch (
        id bigserial CONSTRAINT pk_import_batch PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        file_name text NOT NULL,
        format text NOT NULL,
        size_bytes bigint NOT NULL,
        sha256 char(64) NOT NULL,
        status text NOT NULL CHECK (status IN ('imported', 'failed')),
        received_on date NOT NULL,
        data_created_on date,
        provider_code text,
        records integer NOT NULL DEFAULT 0,
        accepted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        controls jsonb NOT NULL DEFAULT '[]',
        control_issues jsonb NOT NULL DEFAULT '[]',
        warnings jsonb NOT NULL DEFAULT '[]',
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        CONSTRAINT uq_import_batch_sha256 UNIQUE (municipality_code, sha256)
      )`);
    await q.query(`CREATE INDEX ix_import_batch_provider ON import_batch (municipality_code, provider_code, data_created_on)`);

    // Every line of every file, accepted or not, exactly as it arrived (decoded for display).
    await q.query(`
      CREATE TABLE import_line (
        batch_id bigint NOT NULL CONSTRAINT fk_import_line_batch REFERENCES import_batch (id),
        line_no integer NOT NULL,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        status text NOT NULL CHECK (status IN ('accepted', 'rejected', 'control')),
        raw text NOT NULL,
        errors jsonb,
        CONSTRAINT pk_import_line PRIMARY KEY (batch_id, line_no)
      )`);
    await q.query(`CREATE INDEX ix_import_line_rejected ON import_line (batch_id) WHERE status = 'rejected'`);

    await q.query(`
      CREATE TABLE bill (
        id bigserial CONSTRAINT pk_bill PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        bill_number char(16) NOT NULL,
        category_code varchar(2) NOT NULL,
        fiscal_year integer NOT NULL,
        installment char(2) NOT NULL,
        due_date date NOT NULL,
        effective_due_date date NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        payer_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'cancelled')),
        updated_on date NOT NULL,
        version integer NOT NULL,
        batch_id bigint NOT NULL CONSTRAINT fk_bill_batch REFERENCES import_batch (id),
        CONSTRAINT uq_bill_number UNIQUE (municipality_code, bill_number),
        CONSTRAINT fk_bill_category FOREIGN KEY (municipality_code, category_code)
          REFERENCES revenue_category (municipality_code, code)
      )`);
    await q.query(`CREATE INDEX ix_bill_payer ON bill (municipality_code, payer_id)`);

    // 減額更正 and 取消 replace the current bill; every version is kept here.
    await q.query(`
      CREATE TABLE bill_version (
        id bigserial CONSTRAINT pk_bill_version PRIMARY KEY,
        bill_id bigint NOT NULL CONSTRAINT fk_bill_version_bill REFERENCES bill (id),
        municipality_code char(6) NOT NULL DEFAULT '462144',
        version integer NOT NULL,
        amount bigint NOT NULL,
        status text NOT NULL,
        due_date date NOT NULL,
        updated_on date NOT NULL,
        batch_id bigint NOT NULL CONSTRAINT fk_bill_version_batch REFERENCES import_batch (id),
        line_no integer NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_bill_version UNIQUE (bill_id, version)
      )`);

    await q.query(`
      CREATE TABLE payment (
        id bigserial CONSTRAINT pk_payment PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        pairing_key text NOT NULL,
        source_format text NOT NULL,
        channel text NOT NULL,
        provider_code text,
        cvs_code varchar(3),
        store_code text,
        bill_number text,
        reference_valid boolean NOT NULL,
        category_code varchar(2),
        payment_ref text,
        paid_on date NOT NULL,
        paid_time time,
        amount bigint NOT NULL,
        fee_amount bigint,
        means_code text,
        deposit_due_on date,
        state text NOT NULL CHECK (state IN ('preliminary', 'final', 'cancelled')),
        has_preliminary boolean NOT NULL,
        has_final boolean NOT NULL,
        expects_preliminary boolean NOT NULL,
        first_batch_id bigint NOT NULL CONSTRAINT fk_payment_first_batch REFERENCES import_batch (id),
        first_line_no integer NOT NULL,
        last_batch_id bigint NOT NULL CONSTRAINT fk_payment_last_batch REFERENCES import_batch (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_payment_pairing_key UNIQUE (municipality_code, pairing_key)
      )`);
    await q.query(`CREATE INDEX ix_payment_bill_number ON payment (municipality_code, bill_number)`);
    await q.query(`CREATE INDEX ix_payment_paid_on ON payment (municipality_code, paid_on)`);

    // Append-only: undoing a match is a new 'reversal' row naming the match it reverses.
    await q.query(`
      CREATE TABLE match (
        id bigserial CONSTRAINT pk_match PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        payment_id bigint NOT NULL CONSTRAINT fk_match_payment REFERENCES payment (id),
        bill_id bigint NOT NULL CONSTRAINT fk_match_bill REFERENCES bill (id),
        kind text NOT NULL CHECK (kind IN ('apply', 'reversal')),
        applied_amount bigint NOT NULL,
        reverses_match_id bigint CONSTRAINT fk_match_reverses REFERENCES match (id),
        rule text NOT NULL,
        reason text NOT NULL,
        created_by text NOT NULL DEFAULT 'system',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_match_reverses UNIQUE (reverses_match_id),
        CONSTRAINT ck_match_reversal CHECK ((kind = 'reversal') = (reverses_match_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_match_payment ON match (payment_id)`);
    await q.query(`CREATE INDEX ix_match_bill ON match (bill_id)`);

    await q.query(`
      CREATE TABLE recon_exception (
        id bigserial CONSTRAINT pk_recon_exception PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        type text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_review', 'resolved', 'dismissed')),
        payment_id bigint CONSTRAINT fk_recon_exception_payment REFERENCES payment (id),
        bill_id bigint CONSTRAINT fk_recon_exception_bill REFERENCES bill (id),
        batch_id bigint CONSTRAINT fk_recon_exception_batch REFERENCES import_batch (id),
        expected_amount bigint,
        paid_amount bigint,
        detail text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_by text,
        resolution text
      )`);
    // One live exception of a type per payment (or per file for control totals).
    await q.query(`
      CREATE UNIQUE INDEX uq_recon_exception_live ON recon_exception
        (municipality_code, type, coalesce(payment_id, 0), coalesce(batch_id, 0))
        WHERE status IN ('open', 'in_review')`);
    await q.query(`CREATE INDEX ix_recon_exception_payment ON recon_exception (payment_id)`);
    await q.query(`CREATE INDEX ix_recon_exception_queue ON recon_exception (municipality_code, status, type, created_at)`);

    // Append-only, hash-chained (each row's hash covers the previous row's hash).
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial CONSTRAINT pk_audit_log PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        before jsonb,
        after jsonb,
        reason text,
        prev_hash char(64),
        hash char(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_audit_log_entity ON audit_log (entity, entity_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'audit_log',
      'recon_exception',
      'match',
      'payment',
      'bill_version',
      'bill',
      'import_line',
      'import_batch',
      'cvs_code',
      'revenue_category',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
