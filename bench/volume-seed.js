'use strict';
/**
 * A fiscal year at volume, written straight in SQL into a migrated database: `n` bills and `n` payments over
 * fiscal 2026 (April 2026 – March 2027) across the channels; 94 % of payments settle their bill exactly (a
 * match each), 5 % pay short (an open amount_short exception each), 1 % name no known bill (an open
 * unknown_bill). Used by bench/interactive.js (1,000,000) and test/database/hot-query-plans.spec.ts (smaller).
 * Returns the statements in order; the database must be empty but migrated.
 */
function volumeSeedSql(n) {
  const channels =
    `(ARRAY['convenience_store','smartphone_app','bank_counter','direct_debit','credit_card','eltax','qr_counter',` + `'city_cash'])`;
  return [
    `INSERT INTO import_batch (file_name, format, size_bytes, sha256, status, received_on, started_at, imported_by, arrived_via,
                               line_encoding, matched_at)
     VALUES ('volume-seed', 'konbini', 0, repeat('0', 64), 'imported', DATE '2027-03-31', now(), 'bench', 'cli', 'utf8', now())`,
    `INSERT INTO bill (bill_number, category_code, fiscal_year, installment, due_date, effective_due_date, amount, payer_id,
                       status, updated_on, version, batch_id)
     SELECT lpad(i::text, 16, '0'), lpad((1 + i % 9)::text, 2, '0'), 2026, lpad((1 + i % 4)::text, 2, '0'),
            DATE '2026-04-30' + (i % 330), DATE '2026-04-30' + (i % 330), (10 + i % 2990) * 100,
            lpad((i / 3)::text, 10, '0'), 'active', DATE '2026-04-01', 1, 1
       FROM generate_series(1, ${n}) i`,
    // Payment i pays bill i (an unknown number every 100th); paid within the year, before or on the due date.
    `INSERT INTO payment (pairing_key, source_format, channel, bill_number, reference_valid, category_code, paid_on, paid_time,
                          amount, means_code, deposit_due_on, income_on, state, has_preliminary, has_final,
                          expects_preliminary, first_batch_id, first_line_no, last_batch_id)
     SELECT 'volume:' || i, 'konbini', ${channels}[1 + i % 8],
            CASE WHEN i % 100 = 0 THEN lpad((${n} + i)::text, 16, '9') ELSE lpad(i::text, 16, '0') END, true,
            lpad((1 + i % 9)::text, 2, '0'), DATE '2026-04-01' + (i % 330), TIME '09:00' + (i % 600) * interval '1 minute',
            CASE WHEN i % 20 = 1 THEN (10 + i % 2990) * 100 - 100 ELSE (10 + i % 2990) * 100 END,
            CASE WHEN i % 8 = 5 THEN '05' END, DATE '2026-04-03' + (i % 330), DATE '2026-04-03' + (i % 330),
            'final', true, true, true, 1, i, 1
       FROM generate_series(1, ${n}) i`,
    `INSERT INTO match (payment_id, bill_id, kind, applied_amount, rule, reason)
     SELECT p.id, b.id, 'apply', p.amount, CASE WHEN p.amount = b.amount THEN 'exact' ELSE 'partial' END, 'volume seed'
       FROM payment p JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number`,
    `INSERT INTO recon_exception (type, payment_id, bill_id, expected_amount, paid_amount, detail)
     SELECT 'amount_short', p.id, b.id, b.amount, p.amount, 'volume seed: paid less than the open amount'
       FROM payment p JOIN bill b ON b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number
      WHERE p.amount < b.amount
     UNION ALL
     SELECT 'unknown_bill', p.id, NULL, NULL, p.amount, 'volume seed: no bill with this 納付番号'
       FROM payment p
      WHERE NOT EXISTS (SELECT 1 FROM bill b
                         WHERE b.municipality_code = p.municipality_code AND b.bill_number = p.bill_number::bpchar)
      ORDER BY 2`,
    `ANALYZE`,
  ];
}

module.exports = { volumeSeedSql };
