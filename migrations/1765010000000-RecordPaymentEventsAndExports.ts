import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 収納結果 back to the business systems (issue #10):
 *
 * - `payment_event`: what happened to a payment, in the order it was recorded — 速報 (`preliminary`), 確報
 *   (`final`), 取消 (`cancel`) written by the loaders' set-based merges, and decisions (`decision`: a
 *   resolution taking effect, or matching re-deciding a payment) with the 消込状態 they led to. Append-only
 *   (a trigger refuses UPDATE and DELETE); a payment has at most one event of each load kind. `bill_id` names
 *   the bill a decision concerns when it is not the one the payment's 納付番号 names (手動消込, the bill 充当 fed).
 * - `resolution_settlement_state(action)` and the view `payment_settlement_state`: a payment's 消込状態
 *   (contract.md) defined once, from the payment, its live flags, its last decision and its matches.
 * - `export_target`: a business system as data (its categories, encoding, folder and column layout).
 * - `export_run` (each file written, with its bytes and sha256) and `export_run_event` (which events went
 *   to which system: the key makes "each event once per system" a rule of the database).
 * - `failed_debit_follow_up`: a 振替不能 someone has followed up (再振替 or a 納付書 sent).
 *
 * Payments loaded before this migration get their load events from what the payment says (速報 seen,
 * 確報 seen, cancelled), dated by the batch that brought them.
 */
export class RecordPaymentEventsAndExports1765010000000 implements MigrationInterface {
  name = 'RecordPaymentEventsAndExports1765010000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payment_event (
        id bigserial CONSTRAINT pk_payment_event PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        payment_id bigint NOT NULL CONSTRAINT fk_payment_event_payment REFERENCES payment (id),
        kind text NOT NULL CHECK (kind IN ('preliminary', 'final', 'cancel', 'decision')),
        settlement_state text,
        amount bigint NOT NULL,
        batch_id bigint,
        resolution_id bigint CONSTRAINT fk_payment_event_resolution REFERENCES resolution (id),
        bill_id bigint CONSTRAINT fk_payment_event_bill REFERENCES bill (id),
        recorded_on date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_payment_event_decision CHECK ((kind = 'decision') = (settlement_state IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_payment_event_load ON payment_event (payment_id, kind) WHERE kind <> 'decision'`);
    await q.query(`CREATE INDEX ix_payment_event_payment ON payment_event (payment_id)`);
    await q.query(`CREATE INDEX ix_payment_event_recorded ON payment_event (municipality_code, recorded_on)`);
    await q.query(`
      CREATE FUNCTION payment_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'payment_event % は変更・削除できません / payment events are append-only', OLD.id
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE TRIGGER tr_payment_event_append_only BEFORE UPDATE OR DELETE ON payment_event
        FOR EACH ROW EXECUTE FUNCTION payment_event_append_only()`);
    await q.query(`
      INSERT INTO payment_event (municipality_code, payment_id, kind, amount, batch_id, recorded_on, recorded_at)
      SELECT p.municipality_code, p.id, k.kind, p.amount, CASE WHEN k.rank = 1 THEN p.first_batch_id ELSE p.last_batch_id END,
             CASE WHEN k.rank = 1 THEN fb.received_on ELSE lb.received_on END, p.updated_at
        FROM payment p
        JOIN import_batch fb ON fb.id = p.first_batch_id
        JOIN import_batch lb ON lb.id = p.last_batch_id
       CROSS JOIN LATERAL (VALUES (1, 'preliminary', p.has_preliminary), (2, 'final', p.has_final),
                                  (3, 'cancel', p.state = 'cancelled')) k(rank, kind, present)
       WHERE k.present
       ORDER BY p.id, k.rank`);

    // 消込状態 a decision leads to (a write-off of the small rest settles the bill); null for a dismiss, which
    // leaves the payment as matching decided it.
    await q.query(`
      CREATE FUNCTION resolution_settlement_state(action text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        RETURN CASE action WHEN 'manual_match' THEN 'manual_match' WHEN 'apply_to_bill' THEN 'applied_to_bill'
                           WHEN 'refund' THEN 'refund' WHEN 'accept_installment' THEN 'installment'
                           WHEN 'undo_match' THEN 'match_undone' WHEN 'write_off' THEN 'matched' END`);
    await q.query(`
      CREATE VIEW payment_settlement_state AS
      SELECT p.id AS payment_id, p.municipality_code,
             CASE WHEN p.state = 'cancelled' THEN 'cancelled'
                  WHEN f.type = 'duplicate_payment' THEN 'duplicate'
                  WHEN f.type = 'amount_over' THEN 'overpaid'
                  WHEN f.type = 'amount_short' THEN 'partial'
                  WHEN f.type IN ('unknown_bill', 'invalid_reference', 'bill_cancelled') THEN 'unmatched'
                  WHEN d.state IS NOT NULL THEN d.state
                  WHEN f.type = 'late_payment' THEN 'late'
                  WHEN coalesce(a.applied, 0) > 0 THEN 'matched'
                  ELSE 'unmatched' END AS state,
             coalesce(a.applied, 0)::bigint AS applied
        FROM payment p
        LEFT JOIN LATERAL (SELECT sum(m.applied_amount) AS applied FROM match m WHERE m.payment_id = p.id) a ON true
        LEFT JOIN LATERAL (
          SELECT e.type FROM recon_exception e
           WHERE e.payment_id = p.id AND e.status IN ('open', 'in_review')
             AND e.type IN ('duplicate_payment', 'amount_over', 'amount_short', 'unknown_bill', 'invalid_reference',
                            'bill_cancelled', 'late_payment')
           ORDER BY CASE e.type WHEN 'late_payment' THEN 1 ELSE 0 END, e.id
           LIMIT 1) f ON true
        LEFT JOIN LATERAL (
          SELECT resolution_settlement_state(r.action) AS state
            FROM recon_exception e JOIN resolution r ON r.exception_id = e.id
           WHERE e.payment_id = p.id AND r.status = 'applied' AND resolution_settlement_state(r.action) IS NOT NULL
           ORDER BY r.decided_at DESC, r.id DESC
           LIMIT 1) d ON true`);

    await q.query(`
      CREATE TABLE export_target (
        id bigserial CONSTRAINT pk_export_target PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        system text NOT NULL CHECK (system ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
        name text NOT NULL,
        categories text[] NOT NULL CHECK (cardinality(categories) > 0),
        encoding text NOT NULL CHECK (encoding IN ('cp932', 'utf8')),
        dir text,
        columns text[] NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_export_target_system UNIQUE (municipality_code, system)
      )`);
    await q.query(`
      CREATE TABLE export_run (
        id bigserial CONSTRAINT pk_export_run PRIMARY KEY,
        municipality_code char(6) NOT NULL DEFAULT '462144',
        target_id bigint NOT NULL CONSTRAINT fk_export_run_target REFERENCES export_target (id),
        selection text NOT NULL CHECK (selection IN ('since_last', 'range')),
        from_on date,
        to_on date,
        rows integer NOT NULL,
        amount bigint NOT NULL,
        encoding text NOT NULL,
        file_name text NOT NULL,
        file_path text,
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_export_run_range CHECK ((selection = 'range') = (from_on IS NOT NULL AND to_on IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_export_run_target ON export_run (target_id, id)`);
    // A run notes every event it sent (84,635 rows for a year of tax): the per-row checks against payment_event
    // (append-only, its ids never go) and export_target (the run's own) cost a third of a run and cannot fail.
    await q.query(`
      CREATE TABLE export_run_event (
        target_id bigint NOT NULL,
        event_id bigint NOT NULL,
        run_id bigint NOT NULL CONSTRAINT fk_export_run_event_run REFERENCES export_run (id),
        row_no integer NOT NULL,
        CONSTRAINT pk_export_run_event PRIMARY KEY (target_id, event_id)
      )`);
    await q.query(`CREATE INDEX ix_export_run_event_run ON export_run_event (run_id)`);
    await q.query(`
      CREATE TABLE failed_debit_follow_up (
        failed_debit_id bigint CONSTRAINT pk_failed_debit_follow_up PRIMARY KEY
          CONSTRAINT fk_failed_debit_follow_up_debit REFERENCES failed_debit (id),
        municipality_code char(6) NOT NULL DEFAULT '462144',
        note text NOT NULL,
        followed_up_by text NOT NULL,
        followed_up_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE failed_debit_follow_up`);
    await q.query(`DROP TABLE export_run_event`);
    await q.query(`DROP TABLE export_run`);
    await q.query(`DROP TABLE export_target`);
    await q.query(`DROP VIEW payment_settlement_state`);
    await q.query(`DROP FUNCTION resolution_settlement_state(text)`);
    await q.query(`DROP TABLE payment_event`);
    await q.query(`DROP FUNCTION payment_event_append_only()`);
  }
}
