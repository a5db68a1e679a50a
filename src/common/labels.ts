import type { Channel, PayoutStatusCode } from './codes';

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

/** 入金照合: what staff call each payout status. */
export const PAYOUT_STATUS_LABELS: Record<PayoutStatusCode, string> = {
  pending: '入金待ち',
  matched: '一致',
  late: '遅延入金',
  mismatch: '金額相違',
  missing: '未着',
  unexpected: '想定外入金',
};
