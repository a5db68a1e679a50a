import { Column, Entity } from 'typeorm';
import { MunicipalityRow } from '../database/municipality-row';

/** The deposits reconciliation's tables (migration CreateDepositReconciliation); keys and checks live in its SQL. */

/** 入金元: who pays out one provider's collections into the city's account, and on what terms. */
@Entity({ name: 'payout_source' })
export class PayoutSource extends MunicipalityRow {
  @Column({ type: 'text' }) format: string;
  /** Provider key (formats.md "収入日 and payout keys"). */
  @Column({ name: 'provider_code', type: 'text' }) providerCode: string;
  /** 振込依頼人名 as the bank shows it, and folded for matching. */
  @Column({ name: 'payer_name', type: 'text' }) payerName: string;
  @Column({ name: 'payer_name_folded', type: 'text' }) payerNameFolded: string;
  @Column({ type: 'text' }) fees: 'gross' | 'net';
  @Column({ name: 'fee_per_item', type: 'bigint' }) feePerItem: number;
  @Column({ name: 'fee_rate', type: 'numeric', precision: 7, scale: 4 }) feeRate: string;
  @Column({ name: 'tolerance_days', type: 'integer' }) toleranceDays: number;
  @Column({ name: 'lag_days', type: 'integer' }) lagDays: number;
  @Column({ name: 'updated_by', type: 'text' }) updatedBy: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** 入出金取引明細の口座: one header of a `zengin-deposit` file, the account and the 勘定日 it covers. */
@Entity({ name: 'bank_statement' })
export class BankStatement extends MunicipalityRow {
  @Column({ name: 'batch_id', type: 'bigint' }) batchId: number;
  @Column({ name: 'line_no', type: 'integer' }) lineNo: number;
  @Column({ name: 'bank_code', type: 'text' }) bankCode: string;
  @Column({ name: 'branch_code', type: 'text' }) branchCode: string;
  @Column({ name: 'account_type', type: 'text' }) accountType: string;
  @Column({ name: 'account_no', type: 'text' }) accountNo: string;
  @Column({ name: 'account_name', type: 'text' }) accountName: string;
  @Column({ name: 'created_on', type: 'date' }) createdOn: string;
  @Column({ name: 'covered_from', type: 'date' }) coveredFrom: string;
  @Column({ name: 'covered_to', type: 'date' }) coveredTo: string;
  @Column({ name: 'opening_balance', type: 'bigint' }) openingBalance: number;
}

/** 入出金明細: one 入金 or 出金 of the city's account, as the bank recorded it. Never a payment. */
@Entity({ name: 'statement_entry' })
export class StatementEntry extends MunicipalityRow {
  @Column({ name: 'batch_id', type: 'bigint' }) batchId: number;
  @Column({ name: 'line_no', type: 'integer' }) lineNo: number;
  @Column({ name: 'bank_code', type: 'text' }) bankCode: string;
  @Column({ name: 'branch_code', type: 'text' }) branchCode: string;
  @Column({ name: 'account_no', type: 'text' }) accountNo: string;
  /** 照会番号 */
  @Column({ name: 'reference_no', type: 'text' }) referenceNo: string;
  /** 勘定日 */
  @Column({ name: 'booked_on', type: 'date' }) bookedOn: string;
  /** 預入・払出日 */
  @Column({ name: 'value_on', type: 'date', nullable: true }) valueOn: string | null;
  @Column({ type: 'text' }) direction: 'credit' | 'debit';
  /** 取引区分 */
  @Column({ name: 'transaction_code', type: 'text' }) transactionCode: string;
  @Column({ type: 'bigint' }) amount: number;
  @Column({ name: 'other_bank_amount', type: 'bigint' }) otherBankAmount: number;
  @Column({ name: 'payer_code', type: 'text', nullable: true }) payerCode: string | null;
  /** 振込依頼人名 */
  @Column({ name: 'payer_name', type: 'text', nullable: true }) payerName: string | null;
  @Column({ name: 'payer_name_folded', type: 'text' }) payerNameFolded: string;
  @Column({ name: 'remitting_bank', type: 'text', nullable: true }) remittingBank: string | null;
  @Column({ name: 'remitting_branch', type: 'text', nullable: true }) remittingBranch: string | null;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'text', nullable: true }) edi: string | null;
}

/** 入金照合の結果: one expected payout, or one 入金 of a payout source no expectation explains. Rewritten by each run. */
@Entity({ name: 'payout_status' })
export class PayoutStatus extends MunicipalityRow {
  @Column({ name: 'payout_source_id', type: 'bigint' }) payoutSourceId: number;
  @Column({ type: 'text' }) format: string;
  @Column({ name: 'provider_code', type: 'text' }) providerCode: string;
  @Column({ name: 'due_on', type: 'date', nullable: true }) dueOn: string | null;
  @Column({ name: 'expected_count', type: 'integer', nullable: true }) expectedCount: number | null;
  @Column({ name: 'gross_amount', type: 'bigint', nullable: true }) grossAmount: number | null;
  @Column({ name: 'fee_amount', type: 'bigint', nullable: true }) feeAmount: number | null;
  @Column({ name: 'expected_amount', type: 'bigint', nullable: true }) expectedAmount: number | null;
  @Column({ name: 'statement_entry_id', type: 'bigint', nullable: true }) statementEntryId: number | null;
  @Column({ name: 'arrived_on', type: 'date', nullable: true }) arrivedOn: string | null;
  @Column({ name: 'arrived_amount', type: 'bigint', nullable: true }) arrivedAmount: number | null;
  @Column({ type: 'text' }) status: string;
  @Column({ type: 'text' }) rule: string;
}
