import { Injectable } from '@nestjs/common';
import type { Queryable } from '../database/queryable';

/**
 * The payment event log (`payment_event`): what the loaders learnt about payments, recorded set-based in
 * the load's own transaction. Decisions are recorded where they take effect (resolutions, matching).
 */
@Injectable()
export class PaymentEventsRepository {
  /**
   * The 速報, 確報 and 取消 the batch brought, one event per payment and kind, in the payment's order: read
   * from the payments the batch touched (`last_batch_id`) against the events already recorded, so it is
   * the same statement for every loader. A 速報 arriving after its 確報 tells a business system nothing new.
   */
  async recordLoaded(q: Queryable, batchId: number): Promise<number> {
    const [{ n }]: { n: number }[] = await q.query(
      `WITH recorded AS (
         INSERT INTO payment_event (municipality_code, payment_id, kind, amount, batch_id, recorded_on)
         SELECT p.municipality_code, p.id, k.kind, p.amount, $1, b.received_on
           FROM payment p
           JOIN import_batch b ON b.id = $1
          CROSS JOIN LATERAL (VALUES (1, 'preliminary', p.has_preliminary), (2, 'final', p.has_final),
                                     (3, 'cancel', p.state = 'cancelled')) k(rank, kind, present)
          WHERE p.last_batch_id = $1 AND k.present
            AND NOT EXISTS (SELECT 1 FROM payment_event e
                             WHERE e.payment_id = p.id
                               AND (e.kind = k.kind OR (k.kind = 'preliminary' AND e.kind = 'final')))
          ORDER BY p.id, k.rank
         RETURNING 1)
       SELECT count(*)::int AS n FROM recorded`,
      [batchId],
    );
    return n;
  }
}
