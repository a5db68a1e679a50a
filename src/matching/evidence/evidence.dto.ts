import { ApiProperty } from '@nestjs/swagger';
import { BILL_STATUS_ENUM, CHANNEL_ENUM, EXCEPTION_STATUS_ENUM, EXCEPTION_TYPE_ENUM, PAYMENT_STATE_ENUM } from '../../common/api-enums';
import type { BillStatus, Channel, ExceptionStatus, ExceptionType, PaymentState } from '../../common/codes';

class EvidencePayment {
  @ApiProperty() id: number;
  @ApiProperty(CHANNEL_ENUM) channel: Channel;
  @ApiProperty({ nullable: true, type: String }) billNumber: string | null;
  @ApiProperty() referenceValid: boolean;
  @ApiProperty({ nullable: true, type: String }) paymentRef: string | null;
  @ApiProperty() paidOn: string;
  @ApiProperty({ nullable: true, type: String }) paidTime: string | null;
  @ApiProperty() amount: number;
  @ApiProperty(PAYMENT_STATE_ENUM) state: PaymentState;
  @ApiProperty() hasPreliminary: boolean;
  @ApiProperty() hasFinal: boolean;
  @ApiProperty({ nullable: true, type: String, description: '預金者名 (masked)' }) payerNameMasked: string | null;
  @ApiProperty() fileName: string;
  @ApiProperty() line: number;
}

class EvidenceMatch {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['apply', 'reversal'], description: 'apply 消込; reversal 消込取消 of an earlier apply' }) kind:
    'apply' | 'reversal';
  @ApiProperty() billId: number;
  @ApiProperty() billNumber: string;
  @ApiProperty() appliedAmount: number;
  @ApiProperty() rule: string;
  @ApiProperty() reason: string;
  @ApiProperty() createdBy: string;
  @ApiProperty() standing: boolean;
}

class EvidenceException {
  @ApiProperty() id: number;
  @ApiProperty(EXCEPTION_TYPE_ENUM) type: ExceptionType;
  @ApiProperty(EXCEPTION_STATUS_ENUM) status: ExceptionStatus;
  @ApiProperty() detail: string;
  @ApiProperty({ nullable: true, type: Number }) expectedAmount: number | null;
}

class EvidenceBill {
  @ApiProperty() id: number;
  @ApiProperty() billNumber: string;
  @ApiProperty() amount: number;
  @ApiProperty() dueDate: string;
  @ApiProperty() effectiveDueDate: string;
  @ApiProperty(BILL_STATUS_ENUM) status: BillStatus;
  @ApiProperty() payerId: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: '残額 before this payment' }) openBefore: number;
  @ApiProperty({ description: '残額 after this payment' }) openAfter: number;
}

class EvidenceComparison {
  @ApiProperty() field: string;
  @ApiProperty({ nullable: true, type: String }) payment: string | null;
  @ApiProperty({ nullable: true, type: String }) bill: string | null;
  @ApiProperty() agrees: boolean;
}

class EvidenceCandidate {
  @ApiProperty() billId: number;
  @ApiProperty() billNumber: string;
  @ApiProperty() amount: number;
  @ApiProperty() openAmount: number;
  @ApiProperty() effectiveDueDate: string;
  @ApiProperty({ type: [String], description: 'what differs from the payment' }) differences: string[];
}

export class EvidenceDto {
  @ApiProperty({ type: EvidencePayment }) payment: EvidencePayment;
  @ApiProperty({ nullable: true, type: String, description: 'the rule that made the standing match, and why' }) rule: string | null;
  @ApiProperty({ type: [EvidenceMatch] }) matches: EvidenceMatch[];
  @ApiProperty({ type: [EvidenceException] }) exceptions: EvidenceException[];
  @ApiProperty({ type: EvidenceBill, nullable: true }) bill: EvidenceBill | null;
  @ApiProperty({ type: [EvidenceComparison] }) comparisons: EvidenceComparison[];
  @ApiProperty({ type: [EvidenceCandidate] }) candidates: EvidenceCandidate[];
}
