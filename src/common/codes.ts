/** Stable codes of contract.md: scripts and other systems depend on these strings. */

export const DEFAULT_MUNICIPALITY_CODE = '462144'; // 垂水市

export const CHANNELS = [
  'convenience_store',
  'smartphone_app',
  'qr_counter',
  'eltax',
  'credit_card',
  'direct_debit',
  'bank_counter',
  'city_cash',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const DEFAULT_CASHLESS_CHANNELS: Channel[] = ['smartphone_app', 'qr_counter', 'credit_card', 'direct_debit', 'eltax'];
/** eLTAX 納付手段区分 that count as cashless (03 net banking … 06 smartphone app). */
export const DEFAULT_ELTAX_CASHLESS_MEANS = ['03', '04', '05', '06'];
/** Counter payments (for the 窓口外 share): bank and city-hall counters, and eLTAX paid at a bank counter. */
export const COUNTER_CHANNELS: Channel[] = ['bank_counter', 'city_cash'];
export const ELTAX_COUNTER_MEANS = ['01'];

export const FORMATS = [
  'bills',
  'konbini',
  'konbini-csv',
  'qr-counter',
  'eltax',
  'credit-card',
  'zengin-furikae',
  'bank-counter',
  'city-cash',
  'zengin-deposit',
] as const;
export type FormatCode = (typeof FORMATS)[number];

export const EXCEPTION_TYPES = {
  unknown_bill: '該当なし',
  amount_short: '金額相違（過少）',
  amount_over: '金額相違（過大・過誤納）',
  duplicate_payment: '二重納付',
  late_payment: '期限後納付',
  cancelled_payment: '取消',
  preliminary_only: '速報のみ（確報なし）',
  final_only: '確報のみ（速報なし）',
  bill_cancelled: '調定取消後入金',
  control_total_mismatch: '合計不一致',
  invalid_reference: '番号不正（チェックデジット不一致）',
  deposit_missing: '入金未着（振込予定日を過ぎても入金なし）',
  deposit_amount_mismatch: '入金額相違（確報合計−手数料と不一致）',
  unexpected_deposit: '想定外入金（対応する確報なし）',
  cash_not_deposited: '窓口現金未払込（日計の現金と払込が不一致）',
} as const;
export type ExceptionType = keyof typeof EXCEPTION_TYPES;

/**
 * The channel a format's payout carries (deposits: `exceptions --json` names the format's channel). konbini files
 * also carry smartphone-app and postal payments, but their payout is the 収納代行's, booked as convenience-store.
 */
export const FORMAT_CHANNEL: Record<Exclude<FormatCode, 'bills'>, Channel> = {
  konbini: 'convenience_store',
  'konbini-csv': 'convenience_store',
  'qr-counter': 'qr_counter',
  eltax: 'eltax',
  'credit-card': 'credit_card',
  'zengin-furikae': 'direct_debit',
  'bank-counter': 'bank_counter',
  'city-cash': 'city_cash',
  'zengin-deposit': 'bank_counter',
};

/** Deposits (入金照合): how an expected payout or an 入金 of a payout source stands (contract.md `deposits`). */
export const PAYOUT_STATUSES = ['pending', 'matched', 'late', 'mismatch', 'missing', 'unexpected'] as const;
export type PayoutStatusCode = (typeof PAYOUT_STATUSES)[number];

/** 例月出納検査: the steps from the month's net collections to the city account's closing balance. */
export const INSPECTION_BALANCE_ITEMS = [
  'opening_balance',
  'earlier_payouts',
  'other_credits',
  'debits',
  'refunds_paid',
  'fees_withheld',
  'not_arrived',
  'arrived_off',
  'receipts_outside_payouts',
] as const;
export type InspectionBalanceItem = (typeof INSPECTION_BALANCE_ITEMS)[number];

/** Whether a payout source pays out the whole of the collections (gross) or less its fees (net). */
export const PAYOUT_FEES = ['gross', 'net'] as const;
export type PayoutFees = (typeof PAYOUT_FEES)[number];

export const EXCEPTION_STATUSES = ['open', 'in_review', 'resolved', 'dismissed'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** 速報 / 確報 / 取消: what a payment's channel reported last. */
export const PAYMENT_STATES = ['preliminary', 'final', 'cancelled'] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

/** 調定の状態: in force, or cancelled (取消) by the 基幹系. */
export const BILL_STATUSES = ['active', 'cancelled'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/** 収納結果 events (contract.md "export results"): 速報, 確報, 取消, 処理. */
export const PAYMENT_EVENT_KINDS = ['preliminary', 'final', 'cancel', 'decision'] as const;
export type PaymentEventKind = (typeof PAYMENT_EVENT_KINDS)[number];

/** 消込状態 of a payment as the business systems are told it (contract.md; view `payment_settlement_state`). */
export const SETTLEMENT_STATES = [
  'matched',
  'partial',
  'overpaid',
  'duplicate',
  'late',
  'unmatched',
  'cancelled',
  'manual_match',
  'applied_to_bill',
  'refund',
  'installment',
  'match_undone',
] as const;
export type SettlementState = (typeof SETTLEMENT_STATES)[number];
/** 夜間取込: who started a run — the service's schedule (queued for workers) or `keshikomi batch`. */
export const BATCH_TRIGGERS = ['schedule', 'cli'] as const;
export type BatchTrigger = (typeof BATCH_TRIGGERS)[number];

/** A nightly run: importing → matching → finished; failed when its finish gave up. */
export const BATCH_RUN_STATUSES = ['importing', 'matching', 'finished', 'failed'] as const;
export type BatchRunStatus = (typeof BATCH_RUN_STATUSES)[number];

/**
 * An inbox file of a run: queued → imported | duplicate (same bytes seen before) | failed (refused: bad input,
 * never retried) | error (a fault outlasted every retry: the file stays in the inbox for the next night).
 */
export const BATCH_FILE_STATUSES = ['queued', 'imported', 'duplicate', 'failed', 'error'] as const;
export type BatchFileStatus = (typeof BATCH_FILE_STATUSES)[number];
