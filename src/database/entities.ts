import { AuditLog } from '../audit/audit-log.entity';
import { AppUser } from '../auth/user.entity';
import { UserSession } from '../auth/user-session.entity';
import { UserChangeRequest } from '../auth/user-change-request.entity';
import { Bill } from '../billing/bill.entity';
import { BillVersion } from '../billing/bill-version.entity';
import { RevenueCategory } from '../billing/revenue-category.entity';
import { ReconException } from '../exceptions/recon-exception.entity';
import { ImportBatch } from '../imports/import-batch.entity';
import { ImportLineNote } from '../imports/import-line-note.entity';
import { ImportSegment } from '../imports/import-segment.entity';
import { Match } from '../matching/match.entity';
import { CvsCode } from '../payments/cvs-code.entity';
import { Payment } from '../payments/payment.entity';
import { CreateReconciliationSchema1764100000000 } from '../../migrations/1764100000000-CreateReconciliationSchema';
import { AddEltaxTaxCodeToCategories1764200000000 } from '../../migrations/1764200000000-AddEltaxTaxCodeToCategories';
import { AddCounterRegisterAndFailedDebits1764300000000 } from '../../migrations/1764300000000-AddCounterRegisterAndFailedDebits';
import { CreateUsersAndSessions1764400000000 } from '../../migrations/1764400000000-CreateUsersAndSessions';
import { CreateExceptionWorkflow1764500000000 } from '../../migrations/1764500000000-CreateExceptionWorkflow';
import { MakeImportBatchesAppendOnly1764600000000 } from '../../migrations/1764600000000-MakeImportBatchesAppendOnly';
import { NarrowPaymentRefAndReversalIndexes1764700000000 } from '../../migrations/1764700000000-NarrowPaymentRefAndReversalIndexes';
import { AddProposalWithdrawalAndDeputy1764800000000 } from '../../migrations/1764800000000-AddProposalWithdrawalAndDeputy';
import { SealAndKeyAuditLog1764810000000 } from '../../migrations/1764810000000-SealAndKeyAuditLog';
import { RecordSessionClientAddress1764810000001 } from '../../migrations/1764810000001-RecordSessionClientAddress';
import { CreateUserChangeRequests1764810000002 } from '../../migrations/1764810000002-CreateUserChangeRequests';
import { KeepRawLineBytes1764830000000 } from '../../migrations/1764830000000-KeepRawLineBytes';
import { RecordWhoBroughtEachImport1764831000000 } from '../../migrations/1764831000000-RecordWhoBroughtEachImport';
import { HoldUploadedImports1764832000000 } from '../../migrations/1764832000000-HoldUploadedImports';
import { AddOperatorRole1764833000000 } from '../../migrations/1764833000000-AddOperatorRole';
import { TrackPendingMatches1764834000000 } from '../../migrations/1764834000000-TrackPendingMatches';
import { DefineDomainQuantities1764900000000 } from '../../migrations/1764900000000-DefineDomainQuantities';
import { DateEachExceptionForTheQueue1765040000002 } from '../../migrations/1765040000002-DateEachExceptionForTheQueue';
import { KeepEachFileOnceWithLineOffsets1765040000000 } from '../../migrations/1765040000000-KeepEachFileOnceWithLineOffsets';
import { KeepPaymentsAndBillsInsteadOfCheckingMatchKeys1765040000001 } from '../../migrations/1765040000001-KeepPaymentsAndBillsInsteadOfCheckingMatchKeys';
import { RecordIncomeDateOnPayments1764950000000 } from '../../migrations/1764950000000-RecordIncomeDateOnPayments';
import { DefinePaymentAccountingYear1765020000000 } from '../../migrations/1765020000000-DefinePaymentAccountingYear';
import { CreateRevenueAccounts1765021000000 } from '../../migrations/1765021000000-CreateRevenueAccounts';
import { RecordRefundPayments1765022000000 } from '../../migrations/1765022000000-RecordRefundPayments';
import { CreateProcedureLedger1765023000000 } from '../../migrations/1765023000000-CreateProcedureLedger';
import { ProcedureChannel, ProcedureLedgerEntry, RefundPayment, RevenueAccount } from '../books/books.entities';
import { RecordBatchRuns1765030000000 } from '../../migrations/1765030000000-RecordBatchRuns';
import { RecordExpectedDeliveries1765030000001 } from '../../migrations/1765030000001-RecordExpectedDeliveries';
import { ExpectedDeliveryRow } from '../reconciliation/expected-delivery.entity';
import { BatchRun, BatchRunFile } from '../batch/batch-run.entity';
import { BillAdjustment, DailyClose, ExceptionComment, Resolution } from '../exceptions/workflow.entities';
import { CounterReceipt } from '../payments/counter-receipt.entity';
import { BankStatement, PayoutSource, PayoutStatus, StatementEntry } from '../deposits/deposit.entities';
import { CreateDepositReconciliation1765000000000 } from '../../migrations/1765000000000-CreateDepositReconciliation';
import { FailedDebit } from '../payments/failed-debit.entity';
import { PaymentEvent } from '../payments/payment-event.entity';
import { ExportRun, ExportRunEvent, ExportTarget, FailedDebitFollowUp } from '../exports/exports.entities';
import { RecordPaymentEventsAndExports1765010000000 } from '../../migrations/1765010000000-RecordPaymentEventsAndExports';

export const ENTITIES = [
  RevenueCategory,
  CvsCode,
  ImportBatch,
  ImportSegment,
  ImportLineNote,
  Bill,
  BillVersion,
  Payment,
  CounterReceipt,
  FailedDebit,
  Match,
  ReconException,
  Resolution,
  ExceptionComment,
  BillAdjustment,
  DailyClose,
  AuditLog,
  AppUser,
  UserSession,
  UserChangeRequest,
  PaymentEvent,
  ExportTarget,
  ExportRun,
  ExportRunEvent,
  FailedDebitFollowUp,
  RevenueAccount,
  RefundPayment,
  ProcedureLedgerEntry,
  ProcedureChannel,
  BatchRun,
  BatchRunFile,
  ExpectedDeliveryRow,
  PayoutSource,
  BankStatement,
  StatementEntry,
  PayoutStatus,
];

/** In order; a new migration is appended here. */
export const MIGRATIONS = [
  CreateReconciliationSchema1764100000000,
  AddEltaxTaxCodeToCategories1764200000000,
  AddCounterRegisterAndFailedDebits1764300000000,
  CreateUsersAndSessions1764400000000,
  CreateExceptionWorkflow1764500000000,
  MakeImportBatchesAppendOnly1764600000000,
  NarrowPaymentRefAndReversalIndexes1764700000000,
  AddProposalWithdrawalAndDeputy1764800000000,
  SealAndKeyAuditLog1764810000000,
  RecordSessionClientAddress1764810000001,
  CreateUserChangeRequests1764810000002,
  KeepRawLineBytes1764830000000,
  RecordWhoBroughtEachImport1764831000000,
  HoldUploadedImports1764832000000,
  AddOperatorRole1764833000000,
  TrackPendingMatches1764834000000,
  DefineDomainQuantities1764900000000,
  RecordIncomeDateOnPayments1764950000000,
  CreateDepositReconciliation1765000000000,
  RecordPaymentEventsAndExports1765010000000,
  DefinePaymentAccountingYear1765020000000,
  CreateRevenueAccounts1765021000000,
  RecordRefundPayments1765022000000,
  CreateProcedureLedger1765023000000,
  RecordBatchRuns1765030000000,
  RecordExpectedDeliveries1765030000001,
  KeepEachFileOnceWithLineOffsets1765040000000,
  KeepPaymentsAndBillsInsteadOfCheckingMatchKeys1765040000001,
  DateEachExceptionForTheQueue1765040000002,
];
