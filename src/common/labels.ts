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
