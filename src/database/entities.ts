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
import { BillAdjustment, DailyClose, ExceptionComment, Resolution } from '../exceptions/workflow.entities';
import { CounterReceipt } from '../payments/counter-receipt.entity';
import { FailedDebit } from '../payments/failed-debit.entity';

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
  KeepEachFileOnceWithLineOffsets1765040000000,
  KeepPaymentsAndBillsInsteadOfCheckingMatchKeys1765040000001,
  DateEachExceptionForTheQueue1765040000002,
];
