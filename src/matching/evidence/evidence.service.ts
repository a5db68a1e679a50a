import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service';
import { AppConfig } from '../../config/app-config';
import type { EvidenceDto } from './evidence.dto';
import { EvidenceError, EvidenceErrorCode } from './evidence.errors';
import { EvidenceCandidateRow, EvidenceRepository } from './evidence.repository';

/**
 * 根拠: why a payment ended as it did — the rule that matched or flagged it, the fields compared with
 * both values, what the bill still expected before and after, and for a payment without a match the
 * three nearest bills with what differs. Staff decide from this, not from a guess.
 */
@Injectable()
export class EvidenceService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** The card shows the payer's masked name and 宛名番号: recorded as a read by `reader`. */
  async forPayment(id: number, reader: string): Promise<EvidenceDto> {
    const payment = await this.evidence.payment(this.config.MUNICIPALITY_CODE, id);
    if (!payment) throw new EvidenceError(EvidenceErrorCode.PaymentNotFound, `収納 ${id} はありません / payment ${id} not found`);
    const { billId, ...paymentFields } = payment;
    const [matches, exceptions] = await Promise.all([this.evidence.matches(id), this.evidence.exceptions(id)]);
    const standing = matches.filter((m) => m.standing);
    const matchedBillId = standing[0]?.billId ?? billId;
    const bill = matchedBillId ? await this.evidence.bill(matchedBillId, id) : null;
    const comparisons: EvidenceDto['comparisons'] = [
      { field: 'チェックデジット', payment: payment.billNumber, bill: null, agrees: payment.referenceValid },
    ];
    if (bill) {
      comparisons.push(
        { field: '納付番号', payment: payment.billNumber, bill: bill.billNumber, agrees: payment.billNumber === bill.billNumber },
        {
          field: '金額（残額）',
          payment: String(payment.amount),
          bill: String(bill.openBefore),
          agrees: payment.amount === bill.openBefore,
        },
        {
          field: '納付日（実効納期限）',
          payment: payment.paidOn,
          bill: bill.effectiveDueDate,
          agrees: payment.paidOn <= bill.effectiveDueDate,
        },
        { field: '調定の状態', payment: null, bill: bill.status, agrees: bill.status === 'active' },
      );
    }
    const rule = standing.map((m) => `${m.rule}: ${m.reason}`).join(' / ') || null;
    const candidates = standing.length
      ? []
      : this.describe(payment, await this.evidence.nearestOpenBills(this.config.MUNICIPALITY_CODE, payment));
    await this.audit.recordRead(reader, 'payment', [id], '預金者名（マスク済）・宛名番号');
    return { payment: paymentFields, rule, matches, exceptions, bill, comparisons, candidates };
  }

  /** What differs between the payment and each nearest bill, in the words staff read. */
  private describe(
    payment: { billNumber: string | null; amount: number; paidOn: string },
    rows: EvidenceCandidateRow[],
  ): EvidenceDto['candidates'] {
    return rows.map(({ digits, ...c }) => ({
      ...c,
      differences: [
        ...(payment.billNumber && digits.length ? [`納付番号 ${digits.length}桁違い（${digits.join('・')}桁目）`] : []),
        ...(c.openAmount !== payment.amount ? [`金額 ${(payment.amount - c.openAmount).toLocaleString('ja-JP')}円の差`] : []),
        ...(payment.paidOn > c.effectiveDueDate ? [`納期限 ${c.effectiveDueDate} 後の納付`] : []),
      ],
    }));
  }
}
