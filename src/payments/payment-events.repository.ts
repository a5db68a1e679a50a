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
   * from what the payments the batch changed (`last_batch_id`) now say against the events they already have
   * (an index probe per payment), so it is the same statement for every loader. A 速報 arriving after its
   * 確報 tells a business system nothing new.
   */
  async recordLoaded(q: Queryable, batchId: number): Promise<void> {
    await q.query(
      `INSERT INTO payment_event (municipality_code, payment_id, kind, amount, batch_id, recorded_on)
       SELECT p.municipality_code, p.id, k.kind, p.amount, $1, b.received_on
         FROM payment p
         JOIN import_batch b ON b.id = $1
        CROSS JOIN LATERAL (SELECT bool_or(e.kind = 'preliminary') AS preliminary, bool_or(e.kind = 'final') AS final,
                                   bool_or(e.kind = 'cancel') AS cancel
                              FROM payment_event e WHERE e.payment_id = p.id) seen
        CROSS JOIN LATERAL (VALUES (1, 'preliminary', p.has_preliminary AND seen.preliminary IS NOT TRUE AND seen.final IS NOT TRUE),
                                   (2, 'final', p.has_final AND seen.final IS NOT TRUE),
                                   (3, 'cancel', p.state = 'cancelled' AND seen.cancel IS NOT TRUE)) k(rank, kind, present)
        WHERE p.last_batch_id = $1 AND k.present
        ORDER BY p.id, k.rank`,
      [batchId],
    );
  }
}
