import type { YearClass } from './calendar';
import type { Channel } from './codes';

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
