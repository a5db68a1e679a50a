// Shapes of the exception, evidence, bill and payment responses (src/exceptions, src/matching, src/billing, src/payments).

export interface ExceptionRow {
  id: number;
  type: string;
  typeLabel: string;
  status: string;
  category: string | null;
  channel: string | null;
  billNumber: string | null;
  paymentRef: string | null;
  expectedAmount: number | null;
  paidAmount: number | null;
  paidOn: string | null;
  detail: string;
  /** 担当者 */
  assignee: string | null;
}

export interface ExceptionPage {
  items: ExceptionRow[];
  nextCursor: number | null;
  nextKey?: string | null;
}

export interface Comment {
  id: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface Resolution {
  id: number;
  action: string;
  status: 'proposed' | 'applied' | 'rejected' | 'withdrawn';
  amount: number;
  requiresApproval: boolean;
  targetBillId: number | null;
  targetMatchId: number | null;
  reason: string;
  proposedBy: string;
  /** Who approved, rejected or withdrew it. */
  decidedBy: string | null;
  /** 代決: decided by the manager named as the 課長's deputy. */
  decidedByDeputy: boolean;
  decisionReason: string | null;
  proposedAt: string;
}

export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface ExceptionDetail extends ExceptionRow {
  comments: Comment[];
  resolutions: Resolution[];
  history: HistoryEntry[];
  paymentId: number | null;
  billId: number | null;
  batchId: number | null;
  fileName: string | null;
  resolvedBy: string | null;
  resolution: string | null;
  createdAt: string;
  /** The server's WRITE_OFF_LIMIT (円). */
  writeOffLimit: number;
}

export interface EvidenceMatch {
  id: number;
  kind: 'apply' | 'reversal';
  billId: number;
  billNumber: string;
  appliedAmount: number;
  rule: string;
  reason: string;
  createdBy: string;
  standing: boolean;
}

export interface EvidenceCandidate {
  billId: number;
  billNumber: string;
  amount: number;
  openAmount: number;
  effectiveDueDate: string;
  differences: string[];
}

export interface Evidence {
  payment: {
    id: number;
    channel: string;
    billNumber: string | null;
    referenceValid: boolean;
    paymentRef: string | null;
    paidOn: string;
    paidTime: string | null;
    amount: number;
    state: string;
    hasPreliminary: boolean;
    hasFinal: boolean;
    payerNameMasked: string | null;
    fileName: string;
    line: number;
  };
  rule: string | null;
  matches: EvidenceMatch[];
  exceptions: { id: number; type: string; status: string; detail: string; expectedAmount: number | null }[];
  bill: {
    id: number;
    billNumber: string;
    amount: number;
    dueDate: string;
    effectiveDueDate: string;
    status: string;
    payerId: string;
    version: number;
    openBefore: number;
    openAfter: number;
  } | null;
  comparisons: { field: string; payment: string | null; bill: string | null; agrees: boolean }[];
  candidates: EvidenceCandidate[];
}

export interface Bill {
  id: number;
  billNumber: string;
  category: string;
  categoryName: string;
  fiscalYear: number;
  installment: string;
  dueDate: string;
  effectiveDueDate: string;
  amount: number;
  appliedAmount: number;
  openAmount: number;
  payerId: string;
  status: string;
  version: number;
  updatedOn: string;
}

export interface Payment {
  id: number;
  channel: string;
  providerCode: string | null;
  billNumber: string | null;
  referenceValid: boolean;
  paymentRef: string | null;
  category: string | null;
  paidOn: string;
  paidTime: string | null;
  amount: number;
  state: string;
  hasPreliminary: boolean;
  hasFinal: boolean;
  depositDueOn: string | null;
  billId: number | null;
  appliedAmount: number;
  openExceptions: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: number | null;
}

export interface Assignee {
  loginName: string;
  displayName: string;
  role: string;
}

/** 16 digits: only such a 納付番号 can be looked up in /bills and /payments. */
export const isBillNumber = (value: string | null | undefined): value is string => !!value && /^\d{16}$/.test(value);

/** Server messages are "日本語 / English": lists show the Japanese half. */
export const japanesePart = (text: string) => text.split(' / ')[0];
