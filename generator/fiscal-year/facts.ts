import { businessDayOnOrAfter, type IsoDate } from '../../src/common/calendar';
import { TAX_CONSIGNOR_CODE } from '../city';
import { firstOfNextMonth, monthOf } from '../schedules';

/** The fiscal year's fixed facts: its window, when things were assessed, the banks, the counters. */

export const SEED = 20250401;
export const ELTAX_INSTITUTION = '46214';
export const FY = 2025;
export const WINDOW_FROM: IsoDate = '2025-04-01';
export const WINDOW_TO: IsoDate = '2026-05-31';
export const FULL_SET_ON: IsoDate = '2025-04-01';
/** 公金クレジット収納 started with the second half of the year. */
export const CARD_LAUNCH: IsoDate = '2025-10-01';
/** The most a 収納代行 slip may carry. */
export const SLIP_LIMIT = 300000;

/** When each category's 当初賦課 was made (the 更新日 of its rows and the bills file that first lists them). */
export const ASSESSED_ON: Record<number, Record<string, IsoDate>> = {
  2024: {
    '01': '2024-06-10',
    '02': '2024-04-01',
    '03': '2024-05-01',
    '04': '2024-06-10',
    '05': '2024-07-10',
    '06': '2024-07-10',
    '07': '2024-04-01',
    '08': '2024-04-01',
  },
  2025: {
    '01': '2025-06-10',
    '02': '2025-04-01',
    '03': '2025-05-01',
    '04': '2025-06-10',
    '05': '2025-07-10',
    '06': '2025-07-10',
    '07': '2025-04-01',
    '08': '2025-04-01',
  },
  2026: { '02': '2026-04-01', '03': '2026-05-01', '07': '2026-04-01', '08': '2026-04-01' },
};

/** Monthly updates (new 随時 bills, 減額更正, 取消) on the first business day of each month. */
export const MONTHLY_UPDATES: IsoDate[] = [];
for (let m = '2025-05'; m <= '2026-05'; m = monthOf(firstOfNextMonth(m))) MONTHLY_UPDATES.push(businessDayOnOrAfter(`${m}-01`));

/** A monthly file arrives on the first business day after its month. */
export const arrivalAfter = (month: string): IsoDate => businessDayOnOrAfter(firstOfNextMonth(month));

export const ELTAX_CATEGORIES = new Set(['01', '02', '03', '04']);
export const CARD_CATEGORIES = new Set(['01', '02', '03', '04', '05', '06']);

/** 金融機関 of the OCR data and of 口座振替 accounts: code, name (漢字, 半角カナ), branches (code, 半角カナ). */
export interface Bank {
  code: string;
  kanji: string;
  kana: string;
  weight: number;
  branches: readonly (readonly [string, string])[];
}
export const BANKS: readonly Bank[] = [
  {
    code: '0182',
    kanji: '鹿児島銀行',
    kana: 'ｶｺﾞｼﾏ',
    weight: 50,
    branches: [
      ['141', 'ﾀﾙﾐｽﾞ'],
      ['101', 'ﾎﾝﾃﾝ'],
      ['151', 'ｶﾉﾔ'],
    ],
  },
  {
    code: '0594',
    kanji: '南日本銀行',
    kana: 'ﾐﾅﾐﾆﾂﾎﾟﾝ',
    weight: 20,
    branches: [
      ['020', 'ﾀﾙﾐｽﾞ'],
      ['001', 'ﾎﾝﾃﾝ'],
    ],
  },
  {
    code: '9900',
    kanji: 'ゆうちょ銀行',
    kana: 'ﾕｳﾁﾖ',
    weight: 15,
    branches: [
      ['478', 'ﾖﾝﾅﾅﾊﾁ'],
      ['788', 'ﾅﾅﾊﾁﾊﾁ'],
    ],
  },
  { code: '1390', kanji: '鹿児島相互信用金庫', kana: 'ｶｺﾞｼﾏｿｳｺﾞｼﾝｷﾝ', weight: 8, branches: [['031', 'ﾀﾙﾐｽﾞ']] },
  { code: '9404', kanji: '農業協同組合', kana: 'ﾉｳｷﾖｳ', weight: 7, branches: [['021', 'ﾀﾙﾐｽﾞ']] },
];

/** 委託者 of 口座振替, one group each in a result file. */
export const CONSIGNORS = [
  { code: TAX_CONSIGNOR_CODE, name: 'ﾀﾙﾐｽﾞｼ(ｾﾞｲ)', categories: ['01', '02', '03', '04'] },
  { code: '4621440002', name: 'ﾀﾙﾐｽﾞｼ(ﾎｹﾝﾘﾖｳ)', categories: ['05', '06'] },
  { code: '4621440003', name: 'ﾀﾙﾐｽﾞｼ(ｼﾖｳﾘﾖｳ)', categories: ['07', '08'] },
];
export type Consignor = (typeof CONSIGNORS)[number];

/** 預金者名 of 口座振替 accounts. */
export const SURNAMES = [
  'ﾀﾅｶ',
  'ﾔﾏﾓﾄ',
  'ﾅｶﾑﾗ',
  'ｺﾊﾞﾔｼ',
  'ｲﾉｳｴ',
  'ﾏﾂﾓﾄ',
  'ｷﾑﾗ',
  'ﾊﾔｼ',
  'ﾔﾏｸﾞﾁ',
  'ﾓﾘ',
  'ﾆｼ',
  'ﾏｴﾀﾞ',
  'ｶﾜﾉ',
  'ﾌｸﾀﾞ',
  'ﾊﾏｻｷ',
  'ｻｶﾓﾄ',
  'ｸﾛｷ',
  'ｳｴﾑﾗ',
  'ｲｹﾊﾀ',
  'ｼﾓｿﾞﾉ',
  'ﾋｶﾞｼ',
  'ｱﾘﾏ',
  'ﾄｸﾅｶﾞ',
  'ｶﾜﾊﾞﾀ',
];
export const GIVEN = ['ﾀﾛｳ', 'ﾊﾅｺ', 'ｹﾝｲﾁ', 'ﾕｳｺ', 'ﾏｻﾙ', 'ﾖｼｺ', 'ｶｽﾞｵ', 'ﾐﾁｺ', 'ﾋﾛｼ', 'ｹｲｺ', 'ｼﾝｼﾞ', 'ｱｷｺ', 'ﾀｶｼ', 'ﾏﾕﾐ', 'ｻﾄｼ', 'ﾁｴｺ'];

export const CERTIFICATES: [number, number][] = [
  [300, 62], // 住民票の写し, 印鑑登録証明書, 所得・課税証明, 身分証明書, 戸籍の附票
  [450, 25], // 戸籍全部（個人）事項証明
  [750, 8], // 除籍・改製原戸籍
  [200, 5], // 住民票記載事項証明 (some cities), 閲覧
];
export const ENVIRONMENT_FEES: [number, number][] = [
  [3000, 20], // 犬の登録
  [550, 30], // 狂犬病予防注射済票
  [500, 25], // 粗大ごみ処理券
  [1000, 15],
  [2000, 10],
];
export const QR_MERCHANT = { merchantId: '437118503212349184', tradeName: '垂水市', serviceType: 'ストアスキャン' };
export const QR_STORES: Record<string, { storeId: string; storeName: string; terminal: string }> = {
  '01': { storeId: 'TRM0001', storeName: '垂水市役所 市民課窓口', terminal: 'POS-01' },
  '02': { storeId: 'TRM0002', storeName: '垂水市役所 生活環境課窓口', terminal: 'POS-02' },
};
