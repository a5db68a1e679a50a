import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import type { ResolutionAction } from './resolution-rules';

export { RESOLUTION_ACTIONS, type ResolutionAction } from './resolution-rules';

/**
 * 処理: what staff decided for an exception. Money-moving actions wait for a manager (four-eyes); the
 * proposer or a manager may withdraw (取下げ) one that waits.
 */
@Entity({ name: 'resolution' })
export class Resolution {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  @Column({ name: 'exception_id', type: 'bigint' }) exceptionId: number;
  @Column({ type: 'text' }) action: ResolutionAction;
  @Column({ type: 'text' }) status: 'proposed' | 'applied' | 'rejected' | 'withdrawn';
  @Column({ type: 'bigint', default: 0 }) amount: number;
  @Column({ name: 'requires_approval', type: 'boolean' }) requiresApproval: boolean;
  @Column({ name: 'target_bill_id', type: 'bigint', nullable: true }) targetBillId: number | null;
  @Column({ name: 'target_match_id', type: 'bigint', nullable: true }) targetMatchId: number | null;
  /** link_deposit: the 入金 (statement entry) that pays the missing payout. */
  @Column({ name: 'target_statement_entry_id', type: 'bigint', nullable: true }) targetStatementEntryId: number | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'proposed_by', type: 'text' }) proposedBy: string;
  @Column({ name: 'proposed_at', type: 'timestamptz', default: () => 'now()' }) proposedAt: Date;
  @Column({ name: 'decided_by', type: 'text', nullable: true }) decidedBy: string | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt: Date | null;
  @Column({ name: 'decision_reason', type: 'text', nullable: true }) decisionReason: string | null;
  /** 代決: decided by the manager named as the 課長's deputy. */
  @Column({ name: 'decided_by_deputy', type: 'boolean', default: false }) decidedByDeputy: boolean;
}

@Entity({ name: 'exception_comment' })
export class ExceptionComment {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  @Column({ name: 'exception_id', type: 'bigint' }) exceptionId: number;
  @Column({ type: 'text' }) author: string;
  @Column({ type: 'text' }) body: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** 不納欠損 of a small difference: lowers what a bill still expects, by a record of its own. */
@Entity({ name: 'bill_adjustment' })
export class BillAdjustment {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  @Column({ name: 'bill_id', type: 'bigint' }) billId: number;
  @Column({ type: 'text' }) kind: 'write_off';
  @Column({ type: 'bigint' }) amount: number;
  @Column({ name: 'resolution_id', type: 'bigint' }) resolutionId: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** 日次締め: closes and reopenings of a business day, append-only; the latest row decides. */
@Entity({ name: 'daily_close' })
export class DailyClose {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  @Column({ name: 'business_date', type: 'date' }) businessDate: string;
  @Column({ type: 'text' }) action: 'close' | 'reopen';
  @Column({ type: 'text' }) actor: string;
  @Column({ type: 'text', nullable: true }) reason: string | null;
  @Column({ type: 'timestamptz', default: () => 'now()' }) at: Date;
}
