import type { YearClass } from './calendar';
import type { Channel, InspectionBalanceItem, PaymentEventKind, PayoutStatusCode, SettlementState } from './codes';

/** The names staff use for each channel. */
export const CHANNEL_LABELS: Record<Channel, string> = {
  convenience_store: 'コンビニ',
  smartphone_app: 'スマホアプリ',
  qr_counter: '窓口QR決済',
  eltax: 'eLTAX',
  credit_card: 'クレジットカード',
  direct_debit: '口座振替',
  bank_counter: '金融機関窓口',
  city_cash: '市役所窓口現金',
};

/** eLTAX 納付手段区分 */
export const ELTAX_MEANS_LABELS: Record<string, string> = {
  '01': '金融機関窓口',
  '02': 'ATM',
  '03': 'インターネットバンキング',
  '04': 'ダイレクト納付',
  '05': 'クレジットカード',
  '06': 'スマートフォン決済アプリ',
  '99': '不明',
};

/** 処理: what staff call each resolution. */
export const RESOLUTION_LABELS: Record<string, string> = {
  manual_match: '手動消込',
  undo_match: '消込取消',
  accept_installment: '分納として受入',
  refund: '還付',
  apply_to_bill: '充当',
  write_off: '端数処理（調定調整）',
  dismiss: '対応不要',
  accept_fee_difference: '手数料差額として承認',
  link_deposit: '後日の入金に紐付け',
  escalate_to_provider: '収納代行・決済事業者へ照会',
};

/** 例月出納検査: each step from the month's net collections (収入日) to the account's closing balance. */
export const INSPECTION_BALANCE_LABELS: Record<InspectionBalanceItem, string> = {
  opening_balance: '月初残高',
  earlier_payouts: '前月以前の収入日分の入金',
  other_credits: '払込以外の入金（想定外入金を含む）',
  debits: '出金',
  refunds_paid: '還付の支出（収入純額から差し引いた分）',
  fees_withheld: '差し引かれた手数料',
  not_arrived: '月末までに未着の払込（未着・入金待ち・翌月入金）',
  arrived_off: '払込の金額相違',
  receipts_outside_payouts: '当月の払込予定に入らない収入（入金元のない経路・取消の戻し等）',
};

/** 入金照合: what staff call each payout status. */
export const PAYOUT_STATUS_LABELS: Record<PayoutStatusCode, string> = {
  pending: '入金待ち',
  matched: '一致',
  late: '遅延入金',
  mismatch: '金額相違',
  missing: '未着',
  unexpected: '想定外入金',
};

/** 区分 of a 収納結果 row (contract.md). */
export const PAYMENT_EVENT_LABELS: Record<PaymentEventKind, string> = {
  preliminary: '速報',
  final: '確報',
  cancel: '取消',
  decision: '処理',
};

/** 消込状態 as contract.md spells it in 収納結果. */
export const SETTLEMENT_STATE_LABELS: Record<SettlementState, string> = {
  matched: '消込済',
  partial: '一部消込',
  overpaid: '過誤納',
  duplicate: '二重納付',
  late: '期限後',
  unmatched: '未消込',
  cancelled: '取消',
  manual_match: '手動消込',
  applied_to_bill: '充当',
  refund: '還付',
  installment: '分納',
  match_undone: '消込取消',
};

/** 振替結果コード: why a 口座振替 did not go through (formats.md). */
export const FAILED_DEBIT_LABELS: Record<string, string> = {
  '1': '資金不足',
  '2': '取引なし',
  '3': '預金者の都合',
  '4': '依頼書なし',
  '8': '委託者の都合',
  '9': 'その他',
};
/** 年度区分 as the books print it. */
export const YEAR_CLASS_LABELS: Record<YearClass, string> = {
  current: '現年度分',
  carried: '滞納繰越分',
};

/** The cities keshikomi knows by name (全国地方公共団体コード → 名称), for the title block of printed forms. */
export const MUNICIPALITY_NAMES: Record<string, string> = { '462144': '垂水市' };

/** 垂水市 (462144); a city not in the list by its code alone. */
export function municipalityLabel(code: string): string {
  return MUNICIPALITY_NAMES[code] ? `${MUNICIPALITY_NAMES[code]} (${code})` : code;
}
