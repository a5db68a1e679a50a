/**
 * The fiscal-year scenario of the samples: 垂水市's collections of FY2025 (令和7年度, 2025-04-01 … 2026-03-31)
 * and its 出納整理期間 (2026-04-01 … 2026-05-31), through all nine formats. Called by samples/generate.ts
 * after the November-2026 month is written; it has its own seed, so the November files do not change.
 *
 * Everything is decided in memory first (population, bills, every payment with its day, channel and
 * records), then written format by format, month by month. Ordinary payments are exact, on time and pay a
 * bill at most once across every channel; everything else is a planted case, listed in the manifest.
 */
import * as iconv from 'iconv-lite';
import {
  addBusinessDays,
  addCalendarDays,
  attributedFiscalYear,
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  businessDaysBetween,
  calendarDaysBetween,
  effectiveDueDate,
  isBankHoliday,
  type IsoDate,
} from '../src/common/calendar';
import { isValidBarcode, isValidBillNumber } from '../src/common/check-digit';
import {
  COUNTER_CHANNELS,
  DEFAULT_CASHLESS_CHANNELS,
  DEFAULT_ELTAX_CASHLESS_MEANS,
  ELTAX_COUNTER_MEANS,
  type Channel,
  type ExceptionType,
  type FormatCode,
} from '../src/common/codes';
import {
  BANK_COUNTER_HEADER,
  BILLS_COLUMNS,
  CITY_CASH_HEADER,
  CREDIT_CARD_HEADER,
  ELTAX_HEADER,
  KONBINI_CSV_HEADER,
  KonbiniTotals,
  QR_COUNTER_HEADER,
  bankCounterCsvRow,
  barcode,
  barcodeAmount,
  billNumber as makeBillNumber,
  billsCsvRow,
  cityCashCsvRow,
  creditCardCsvRow,
  creditCardTrailer,
  eltaxCsvRow,
  furikaeData,
  furikaeEnd,
  furikaeHeader,
  furikaeTrailer,
  konbiniCsvRow,
  konbiniData,
  konbiniEnd,
  joinRecords,
  konbiniHeader,
  konbiniTrailer,
  qrCounterCsvRow,
  ymd,
  yymmdd,
  zeroPad,
  type KonbiniDataType,
} from './layouts';
import {
  mulberry32,
  pick,
  randInt,
  weighted,
  type Rng,
} from './random';
import {
  endOfMonthAfter,
  installmentSchedule,
} from './schedules';

// ---------------------------------------------------------------- shared manifest shapes

export interface SampleFile {
  file: string;
  format: FormatCode;
  encoding: 'cp932' | 'utf8-bom';
  lineEnd: 'crlf' | 'lf' | 'none';
  bytes?: number;
  /** As the parser sees them: every record of a fixed-length file; the data rows of a CSV (no header, no trailer). */
  records: number;
  dataRecords: Record<string, number>;
  dataAmounts?: Record<string, number>;
  groups?: number;
  dataCreatedOn?: IsoDate;
  /** The day the file arrived: the date in its name (the sample loader's --received-on). */
  receivedOn?: IsoDate;
  rejectedLines: { line: number; reason: string }[];
  controlIssues: { line: number | null; issue: string }[];
  expectedExceptionTypes: ExceptionType[];
  note?: string;
}

export interface ChannelSum {
  count: number;
  amount: number;
}

export interface FiscalYearTotals {
  received: number;
  receivedAmount: number;
  /** As `report cashless --by channel` keys its rows: the channel, eLTAX split by 納付手段 (`eltax:01` … `eltax:06`, `eltax:99`). */
  byChannel: Record<string, ChannelSum>;
  /** The eight channels of contract.md, eLTAX whole. */
  byContractChannel: Record<string, ChannelSum>;
  eltaxByMeans: Record<string, ChannelSum>;
  cashless: ChannelSum & { shareByCount: number; shareByAmount: number };
  counter: ChannelSum & { nonCounterShareByCount: number };
}

export interface YearCase {
  case: string;
  description: string;
  file: string;
  lines: number[];
  records?: { file: string; line: number; dataType: string }[];
  billNumber: string | null;
  payerId?: string | null;
  paymentRef?: string | null;
  channel?: Channel;
  meansCode?: string;
  category?: string;
  paidOn?: IsoDate;
  paidTime?: string | null;
  paidAmount?: number;
  billAmount?: number | null;
  expectedAmount?: number;
  dueDate?: IsoDate | null;
  effectiveDueDate?: IsoDate | null;
  fiscalYear?: number | null;
  notPayment?: true;
  expectedExceptionTypes: ExceptionType[];
}

export interface NovemberBill {
  billNumber: string;
  category: string;
  fiscalYear: number;
  installment: string;
  dueDate: IsoDate;
  amount: number;
  payerId: string;
}

// ---------------------------------------------------------------- months

const monthOf = (d: IsoDate): string => d.slice(0, 7);
function firstOfNextMonth(month: string): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${zeroPad(m + 1, 2)}-01`;
}
/** A monthly file arrives on the first business day after its month. */
const arrivalAfter = (month: string): IsoDate => businessDayOnOrAfter(firstOfNextMonth(month));

// ---------------------------------------------------------------- the scenario's fixed facts

const SEED = 20250401;
const MUNICIPALITY = '462144';
const ELTAX_INSTITUTION = '46214';
const FY = 2025;
const WINDOW_FROM: IsoDate = '2025-04-01';
const WINDOW_TO: IsoDate = '2026-05-31';
const FULL_SET_ON: IsoDate = '2025-04-01';
/** 公金クレジット収納 started with the second half of the year. */
const CARD_LAUNCH: IsoDate = '2025-10-01';
const SLIP_LIMIT = 300000;

/** When each category's 当初賦課 was made (the 更新日 of its rows and the bills file that first lists them). */
const ASSESSED_ON: Record<number, Record<string, IsoDate>> = {
  2024: { '01': '2024-06-10', '02': '2024-04-01', '03': '2024-05-01', '04': '2024-06-10', '05': '2024-07-10', '06': '2024-07-10', '07': '2024-04-01', '08': '2024-04-01' },
  2025: { '01': '2025-06-10', '02': '2025-04-01', '03': '2025-05-01', '04': '2025-06-10', '05': '2025-07-10', '06': '2025-07-10', '07': '2025-04-01', '08': '2025-04-01' },
  2026: { '02': '2026-04-01', '03': '2026-05-01', '07': '2026-04-01', '08': '2026-04-01' },
};
/** Monthly updates (new 随時 bills, 減額更正, 取消) on the first business day of each month. */
const MONTHLY_UPDATES: IsoDate[] = [];
for (let m = '2025-05'; m <= '2026-05'; m = monthOf(firstOfNextMonth(m))) MONTHLY_UPDATES.push(businessDayOnOrAfter(`${m}-01`));

const AGENT_A = { agentCode: '12345', company: '912345', client: '00001', name: 'ﾀﾙﾐｽﾞｼ' };
const AGENT_B = { company: '929023', client: '00002' };
const B_CATEGORIES = new Set(['07', '08']);
const ELTAX_CATEGORIES = new Set(['01', '02', '03', '04']);
const CARD_CATEGORIES = new Set(['01', '02', '03', '04', '05', '06']);

interface Cvs {
  code: string;
  name: string;
  channel: Channel;
}
const CVS = {
  seven: { code: '010', name: 'セブン－イレブン', channel: 'convenience_store' },
  lawson: { code: '020', name: 'ローソン', channel: 'convenience_store' },
  family: { code: '030', name: 'ファミリーマート', channel: 'convenience_store' },
  daily: { code: '050', name: 'デイリーヤマザキ', channel: 'convenience_store' },
  ministop: { code: '080', name: 'ミニストップ', channel: 'convenience_store' },
  aupay: { code: '780', name: 'ａｕ　ＰＡＹ', channel: 'smartphone_app' },
  dbarai: { code: '800', name: 'ｄ払い', channel: 'smartphone_app' },
  paypay: { code: '820', name: 'ＰａｙＰａｙ', channel: 'smartphone_app' },
  postCounter: { code: '911', name: '郵便振替（窓口）', channel: 'bank_counter' },
} satisfies Record<string, Cvs>;

/** 金融機関 of the OCR data and of 口座振替 accounts: code, name (漢字, 半角カナ), branches (code, 半角カナ). */
interface Bank {
  code: string;
  kanji: string;
  kana: string;
  weight: number;
  branches: readonly (readonly [string, string])[];
}
const BANKS: readonly Bank[] = [
  { code: '0182', kanji: '鹿児島銀行', kana: 'ｶｺﾞｼﾏ', weight: 50, branches: [['141', 'ﾀﾙﾐｽﾞ'], ['101', 'ﾎﾝﾃﾝ'], ['151', 'ｶﾉﾔ']] },
  { code: '0594', kanji: '南日本銀行', kana: 'ﾐﾅﾐﾆﾂﾎﾟﾝ', weight: 20, branches: [['020', 'ﾀﾙﾐｽﾞ'], ['001', 'ﾎﾝﾃﾝ']] },
  { code: '9900', kanji: 'ゆうちょ銀行', kana: 'ﾕｳﾁﾖ', weight: 15, branches: [['478', 'ﾖﾝﾅﾅﾊﾁ'], ['788', 'ﾅﾅﾊﾁﾊﾁ']] },
  { code: '1390', kanji: '鹿児島相互信用金庫', kana: 'ｶｺﾞｼﾏｿｳｺﾞｼﾝｷﾝ', weight: 8, branches: [['031', 'ﾀﾙﾐｽﾞ']] },
  { code: '9404', kanji: '農業協同組合', kana: 'ﾉｳｷﾖｳ', weight: 7, branches: [['021', 'ﾀﾙﾐｽﾞ']] },
];

/** The city's own account at its 指定金融機関, named in the 口座振替 headers. */
const CITY_ACCOUNT = { bankCode: '0182', bankName: 'ｶｺﾞｼﾏ', branchCode: '141', branchName: 'ﾀﾙﾐｽﾞ', accountType: '1', accountNo: '0123456' };
/** 委託者 of 口座振替, one group each in a result file. */
const CONSIGNORS = [
  { code: '4621440001', name: 'ﾀﾙﾐｽﾞｼ(ｾﾞｲ)', categories: ['01', '02', '03', '04'] },
  { code: '4621440002', name: 'ﾀﾙﾐｽﾞｼ(ﾎｹﾝﾘﾖｳ)', categories: ['05', '06'] },
  { code: '4621440003', name: 'ﾀﾙﾐｽﾞｼ(ｼﾖｳﾘﾖｳ)', categories: ['07', '08'] },
];

const SURNAMES = ['ﾀﾅｶ', 'ﾔﾏﾓﾄ', 'ﾅｶﾑﾗ', 'ｺﾊﾞﾔｼ', 'ｲﾉｳｴ', 'ﾏﾂﾓﾄ', 'ｷﾑﾗ', 'ﾊﾔｼ', 'ﾔﾏｸﾞﾁ', 'ﾓﾘ', 'ﾆｼ', 'ﾏｴﾀﾞ', 'ｶﾜﾉ', 'ﾌｸﾀﾞ', 'ﾊﾏｻｷ', 'ｻｶﾓﾄ', 'ｸﾛｷ', 'ｳｴﾑﾗ', 'ｲｹﾊﾀ', 'ｼﾓｿﾞﾉ', 'ﾋｶﾞｼ', 'ｱﾘﾏ', 'ﾄｸﾅｶﾞ', 'ｶﾜﾊﾞﾀ'];
const GIVEN = ['ﾀﾛｳ', 'ﾊﾅｺ', 'ｹﾝｲﾁ', 'ﾕｳｺ', 'ﾏｻﾙ', 'ﾖｼｺ', 'ｶｽﾞｵ', 'ﾐﾁｺ', 'ﾋﾛｼ', 'ｹｲｺ', 'ｼﾝｼﾞ', 'ｱｷｺ', 'ﾀｶｼ', 'ﾏﾕﾐ', 'ｻﾄｼ', 'ﾁｴｺ'];

/** 市民課 certificates (科目 10) and 生活環境課 counter fees (科目 09): unit price and weight. */
const CERTIFICATES: [number, number][] = [
  [300, 62], // 住民票の写し, 印鑑登録証明書, 所得・課税証明, 身分証明書, 戸籍の附票
  [450, 25], // 戸籍全部（個人）事項証明
  [750, 8], // 除籍・改製原戸籍
  [200, 5], // 住民票記載事項証明 (some cities), 閲覧
];
const ENVIRONMENT_FEES: [number, number][] = [
  [3000, 20], // 犬の登録
  [550, 30], // 狂犬病予防注射済票
  [500, 25], // 粗大ごみ処理券
  [1000, 15],
  [2000, 10],
];
const QR_MERCHANT = { merchantId: '437118503212349184', tradeName: '垂水市', serviceType: 'ストアスキャン' };
const QR_STORES: Record<string, { storeId: string; storeName: string; terminal: string }> = {
  '01': { storeId: 'TRM0001', storeName: '垂水市役所 市民課窓口', terminal: 'POS-01' },
  '02': { storeId: 'TRM0002', storeName: '垂水市役所 生活環境課窓口', terminal: 'POS-02' },
};

// ---------------------------------------------------------------- the model

type Way = 'debit' | 'bank' | 'konbini' | 'app' | 'eltax';

interface Account {
  bank: Bank;
  branch: readonly [string, string];
  accountNo: string;
  name: string;
}

interface Notice {
  payerId: string;
  category: string;
  way: Way;
  account: Account | null;
  bills: Bill[];
}

interface Bill {
  billNumber: string;
  category: string;
  fiscalYear: number;
  installment: string;
  dueDate: IsoDate;
  effectiveDue: IsoDate;
  /** 調定額 now (after any 減額更正). */
  amount: number;
  originalAmount: number;
  payerId: string;
  /** 更新日 of the bill's first row; the bills file of that day lists it. */
  createdOn: IsoDate;
  change: { on: IsoDate; kind: 'reduce' | 'cancel' } | null;
  /** No payment before this day (the bill's notice, or its 減額更正). */
  payableFrom: IsoDate;
  notice: Notice | null;
  /** Carried unpaid through the window (滞納繰越 of FY2024, the November scenario's FY2025 arrears). */
  neverPay: boolean;
  planted: boolean;
  paid: boolean;
  reissue: string;
  payLimit: IsoDate;
}

interface Rec {
  dataType: string;
  /** The day that decides the file (delivery day, データ作成日, 収納日…). */
  day: IsoDate;
  file?: string;
  line?: number;
}

interface Payment {
  id: number;
  channel: Channel;
  format: FormatCode;
  bill: Bill | null;
  /** 納付番号 as the record carries it; null for counter payments. */
  billNumber: string | null;
  amount: number;
  paidOn: IsoDate;
  /** HH:MM:SS where the format has a time. */
  time: string | null;
  cancelled: boolean;
  /** A 口座振替 that did not go through (振替結果コード ≠ 0): kept and counted, never a payment. */
  failedResult: string | null;
  caseName?: string;
  records: Rec[];
  konbini?: { agent: 'A' | 'B'; barcode: string; cvs: Cvs; storeCode: string; segment: string; hhmm: string };
  eltax?: { means: string; company: string; confirmation: string; createdOn: IsoDate; depositOn: IsoDate; receiptNo: string };
  card?: { id: string; brand: string; last4: string; fee: number; cancelId?: string; cancelOn?: IsoDate; cancelTime?: string };
  bank?: { bankCode: string; branchCode: string };
  debit?: { account: Account; consignor: (typeof CONSIGNORS)[number] };
  qr?: { txId: string; counter: string; receipt: string; method: string; refundId?: string; refundOn?: IsoDate; refundTime?: string };
  register?: RegisterRow;
}

interface RegisterRow {
  receiptNo: string;
  on: IsoDate;
  time: string;
  counter: string;
  category: string;
  quantity: number;
  amount: number;
  method: '現金' | 'QR';
  qrId: string;
  voidTime: string | null;
  caseName?: string;
  line?: number;
  voidLine?: number;
  file?: string;
}

interface QrTx {
  id: string;
  on: IsoDate;
  time: string;
  status: '取引完了' | '返金完了' | '取引失敗';
  amount: number;
  counter: string;
  receipt: string;
  method: string;
  merchantPaymentId: string;
  payment: Payment | null;
  line?: number;
  file?: string;
}

export interface YearResult {
  files: SampleFile[];
  cases: YearCase[];
  totals: Record<string, unknown>;
  /** Received payments by the fiscal year they count in (出納整理期間 applied). */
  byFiscalYear: Record<string, FiscalYearTotals>;
  readme: string;
}

// ---------------------------------------------------------------- totals helpers (also used by generate.ts)

export function emptyFiscalYearTotals(): FiscalYearTotals {
  return {
    received: 0,
    receivedAmount: 0,
    byChannel: {},
    byContractChannel: {},
    eltaxByMeans: {},
    cashless: { count: 0, amount: 0, shareByCount: 0, shareByAmount: 0 },
    counter: { count: 0, amount: 0, nonCounterShareByCount: 0 },
  };
}

/** Adds one received payment as domain.md counts it (default cashless set; eLTAX by 納付手段区分). */
export function addReceived(t: FiscalYearTotals, channel: Channel, amount: number, means: string | null): void {
  t.received++;
  t.receivedAmount += amount;
  const c = (t.byChannel[channel === 'eltax' ? `eltax:${means ?? '99'}` : channel] ??= { count: 0, amount: 0 });
  c.count++;
  c.amount += amount;
  const whole = (t.byContractChannel[channel] ??= { count: 0, amount: 0 });
  whole.count++;
  whole.amount += amount;
  if (channel === 'eltax') {
    const m = (t.eltaxByMeans[means ?? '99'] ??= { count: 0, amount: 0 });
    m.count++;
    m.amount += amount;
  }
  const cashless = DEFAULT_CASHLESS_CHANNELS.includes(channel) && (channel !== 'eltax' || DEFAULT_ELTAX_CASHLESS_MEANS.includes(means ?? ''));
  if (cashless) {
    t.cashless.count++;
    t.cashless.amount += amount;
  }
  const counter = COUNTER_CHANNELS.includes(channel) || (channel === 'eltax' && ELTAX_COUNTER_MEANS.includes(means ?? ''));
  if (counter) {
    t.counter.count++;
    t.counter.amount += amount;
  }
}

/** Shares as the report rounds them (4 decimals), and channels in a stable order. */
export function finishTotals(t: FiscalYearTotals): FiscalYearTotals {
  const share = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
  t.cashless.shareByCount = share(t.cashless.count, t.received);
  t.cashless.shareByAmount = share(t.cashless.amount, t.receivedAmount);
  t.counter.nonCounterShareByCount = share(t.received - t.counter.count, t.received);
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  t.byChannel = sorted(t.byChannel);
  t.byContractChannel = sorted(t.byContractChannel);
  t.eltaxByMeans = sorted(t.eltaxByMeans);
  return t;
}

// ---------------------------------------------------------------- the generator

export function generateYear(input: { write: (rel: string, buf: Buffer) => void; novemberBills: NovemberBill[] }): YearResult {
  const rng: Rng = mulberry32(SEED);
  const files: SampleFile[] = [];
  const cases: YearCase[] = [];
  const check = (cond: unknown, message: string): void => {
    if (!cond) throw new Error(`self-check failed (year): ${message}`);
  };

  // ------------------------------------------------------------ population and bills

  const payers: string[] = [];
  for (let id = 200000, i = 0; i < 6400; i++) {
    id += randInt(rng, 1, 6);
    payers.push(zeroPad(id, 10));
  }

  const usedNotices = new Set<string>(input.novemberBills.map((b) => `${b.billNumber.slice(0, 4)}:${b.billNumber.slice(6, 15)}`));
  const noticeCounters = new Map<string, number>();
  function nextNotice(category: string, fy: number): number {
    const key = `${category}:${fy}`;
    let n = noticeCounters.get(key) ?? 110000 + randInt(rng, 0, 400);
    do n += randInt(rng, 1, 3);
    while (usedNotices.has(`${category}${zeroPad(fy % 100, 2)}:${zeroPad(n, 9)}`));
    noticeCounters.set(key, n);
    return n;
  }
  let plantedNotice = 950000100;

  const bills: Bill[] = [];
  const notices: Notice[] = [];

  function randomAccount(): Account {
    const bank = weighted(rng, BANKS.map((b) => [b, b.weight] as const));
    return {
      bank,
      branch: pick(rng, bank.branches),
      accountNo: zeroPad(randInt(rng, 1000000, 9999999), 7),
      name: `${pick(rng, SURNAMES)} ${pick(rng, GIVEN)}`,
    };
  }

  function makeBill(o: {
    category: string;
    fy: number;
    installment: string;
    due: IsoDate;
    amount: number;
    payerId: string;
    notice: number;
    createdOn: IsoDate;
    owner: Notice | null;
    billNumber?: string;
  }): Bill {
    const bill: Bill = {
      billNumber: o.billNumber ?? makeBillNumber(o.category, o.fy, o.installment, o.notice),
      category: o.category,
      fiscalYear: o.fy,
      installment: o.installment,
      dueDate: o.due,
      effectiveDue: effectiveDueDate(o.due),
      amount: o.amount,
      originalAmount: o.amount,
      payerId: o.payerId,
      createdOn: o.createdOn,
      change: null,
      payableFrom: o.createdOn,
      notice: o.owner,
      neverPay: false,
      planted: false,
      paid: false,
      reissue: '0',
      // Original slips: a store takes them until the end of the month after the 納期限; 随時 slips ten days past it.
      payLimit: o.installment === '00' ? addCalendarDays(o.due, 10) : endOfMonthAfter(o.due, 1),
    };
    bills.push(bill);
    return bill;
  }

  const skew = (lo: number, hi: number, step: number) => Math.round((lo + (hi - lo) * rng() * rng()) / step) * step;
  /** A year's amount split into n installments of whole `unit`s, the remainder on the first. */
  function split(annual: number, n: number, unit: number): number[] {
    const later = Math.max(unit, Math.floor(annual / n / unit) * unit);
    return [annual - later * (n - 1), ...Array.from({ length: n - 1 }, () => later)];
  }
  function installmentAmounts(category: string, n: number): number[] {
    switch (category) {
      case '01':
        return split(skew(12000, 400000, 100), n, 100);
      case '02':
        return split(skew(8000, 900000, 100), n, 100);
      case '03':
        return [pick(rng, [2000, 2400, 3600, 3900, 5000, 6900, 7200, 10800, 12900])];
      case '04':
        return split(skew(20000, 700000, 100), n, 100);
      case '05':
        return split(skew(16000, 110000, 10), n, 10);
      case '06':
        return split(skew(9000, 150000, 10), n, 10);
      case '07': {
        const rent = skew(8000, 42000, 100);
        return Array.from({ length: n }, () => rent);
      }
      case '08': {
        const fee = skew(3000, 40000, 100);
        return Array.from({ length: n }, () => fee);
      }
      default:
        throw new Error(category);
    }
  }
  const DEBIT_SHARE: Record<string, number> = { '01': 0.08, '02': 0.1, '03': 0.05, '04': 0.12, '05': 0.15, '06': 0.15, '07': 0.25, '08': 0.3 };
  function habitOf(category: string): Way {
    if (rng() < (DEBIT_SHARE[category] ?? 0)) return 'debit';
    return weighted(rng, [
      ['bank', 62],
      ['konbini', 21],
      ['app', 4],
      ['eltax', ELTAX_CATEGORIES.has(category) ? 9 : 0],
    ] as const);
  }

  /** A notice (通知書) with its installments of fiscal year fy, as the 当初賦課 made them. */
  function addNotice(payerId: string, category: string, fy: number, opts: { notice?: number; from?: IsoDate; createdOn?: IsoDate; way?: Way } = {}): Notice {
    const way = opts.way ?? habitOf(category);
    const owner: Notice = { payerId, category, way, account: way === 'debit' ? randomAccount() : null, bills: [] };
    const schedule = installmentSchedule(category, fy).filter((s) => !opts.from || s.due >= opts.from);
    const amounts = installmentAmounts(category, schedule.length);
    const notice = opts.notice ?? nextNotice(category, fy);
    schedule.forEach((s, i) => {
      owner.bills.push(
        makeBill({ category, fy, installment: s.installment, due: s.due, amount: amounts[i], payerId, notice, createdOn: opts.createdOn ?? ASSESSED_ON[fy][category], owner }),
      );
    });
    notices.push(owner);
    return owner;
  }

  // FY2025 当初賦課 (and the same payers' FY2026 固定資産税, 軽自動車税, 住宅使用料, 保育所利用料, assessed in April–May 2026).
  for (const payer of payers) {
    const cats: string[] = [];
    if (rng() < 0.3) cats.push('01');
    if (rng() < 0.78) cats.push('02');
    const cars = weighted(rng, [[0, 25], [1, 50], [2, 20], [3, 5]] as const);
    for (let i = 0; i < cars; i++) cats.push('03');
    if (rng() < 0.3) cats.push('04');
    if (rng() < 0.09) cats.push('05');
    if (rng() < 0.12) cats.push('06');
    if (rng() < 0.06) cats.push('07');
    if (rng() < 0.03) cats.push('08');
    for (const category of cats) {
      const n = addNotice(payer, category, FY);
      if (['02', '03', '07', '08'].includes(category)) {
        // Next year's notice keeps the 通知書番号 (the 賦課年度 digits tell the bills apart) and mostly the habit.
        const noticeNo = Number(n.bills[0].billNumber.slice(6, 15));
        addNotice(payer, category, FY + 1, { notice: noticeNo, way: rng() < 0.9 ? n.way : undefined });
      }
    }
  }
  // 国保 mid-year 加入: new notices in the monthly updates from August to February, for the installments still to come.
  for (const on of MONTHLY_UPDATES.filter((d) => d >= '2025-08-01' && d <= '2026-02-28')) {
    for (let i = 0; i < 14; i++) addNotice(pick(rng, payers), '04', FY, { from: addCalendarDays(on, 20), createdOn: on });
  }
  // 随時 bills (期別 00): 生活環境課手数料 (し尿くみ取り等) and 市民課証明交付手数料 (郵送請求の後納分), issued with each monthly update.
  for (const on of MONTHLY_UPDATES) {
    const fy = on >= '2026-04-01' ? FY + 1 : FY;
    for (const [category, count] of [['09', randInt(rng, 95, 120)], ['10', randInt(rng, 8, 16)]] as const) {
      for (let i = 0; i < count; i++) {
        const payerId = pick(rng, payers);
        const amount = category === '09' ? skew(1000, 30000, 100) : randInt(rng, 1, 6) * pick(rng, [300, 300, 450]);
        const owner: Notice = { payerId, category, way: habitOf(category), account: null, bills: [] };
        owner.bills.push(makeBill({ category, fy, installment: '00', due: addCalendarDays(on, randInt(rng, 21, 35)), amount, payerId, notice: nextNotice(category, fy), createdOn: on, owner }));
        notices.push(owner);
      }
    }
  }
  // 滞納繰越分 of FY2024, open on 2025-04-01: in the full set, unpaid (except the planted arrears payments below).
  for (let i = 0; i < 560; i++) {
    const category = weighted(rng, [['01', 30], ['02', 25], ['03', 8], ['04', 20], ['05', 9], ['06', 8]] as const);
    const { installment, due } = pick(rng, installmentSchedule(category, FY - 1));
    const amount = installmentAmounts(category, category === '03' ? 1 : 4)[1] ?? installmentAmounts(category, 1)[0];
    const b = makeBill({ category, fy: FY - 1, installment, due, amount, payerId: pick(rng, payers), notice: nextNotice(category, FY - 1), createdOn: ASSESSED_ON[FY - 1][category], owner: null });
    b.neverPay = true;
  }
  // The November scenario's FY2025 bills (its 滞納繰越分 of 2026-06-01): the same bills here, never paid in FY2025.
  // A third of them were 口座振替 bills whose debit failed (資金不足).
  const novemberArrears: Bill[] = [];
  for (const nb of input.novemberBills.filter((b) => b.fiscalYear === FY)) {
    const account = rng() < 0.3 ? randomAccount() : null;
    const owner: Notice = { payerId: nb.payerId, category: nb.category, way: account ? 'debit' : 'bank', account, bills: [] };
    const b = makeBill({ ...nb, fy: FY, due: nb.dueDate, notice: 0, createdOn: ASSESSED_ON[FY][nb.category], owner, billNumber: nb.billNumber });
    check(b.dueDate === nb.dueDate && b.installment === nb.installment, `november bill ${nb.billNumber} keeps its schedule`);
    b.neverPay = true;
    owner.bills.push(b);
    notices.push(owner);
    novemberArrears.push(b);
  }

  // ------------------------------------------------------------ planted bills (their own notices and 通知書番号)

  const plantedBills: Bill[] = [];
  function plantBill(category: string, fy: number, installment: string, amount: number, opts: { way?: Way; createdOn?: IsoDate } = {}): Bill {
    const due = installmentSchedule(category, fy).find((s) => s.installment === installment)!.due;
    const way = opts.way ?? 'bank';
    const owner: Notice = { payerId: pick(rng, payers), category, way, account: way === 'debit' ? randomAccount() : null, bills: [] };
    const b = makeBill({ category, fy, installment, due, amount, payerId: owner.payerId, notice: plantedNotice++, createdOn: opts.createdOn ?? ASSESSED_ON[fy][category], owner });
    owner.bills.push(b);
    b.planted = true;
    plantedBills.push(b);
    return b;
  }

  // ------------------------------------------------------------ bill changes in the monthly updates (decided before any payment)

  const changeRows = new Map<IsoDate, Bill[]>();
  const changeOf = (on: IsoDate) => changeRows.get(on) ?? (changeRows.set(on, []), changeRows.get(on)!);
  const changeable = notices.filter((n) => n.way !== 'debit' && ['01', '02', '04'].includes(n.category) && n.bills[0]?.fiscalYear === FY && !n.bills[0].neverPay);
  for (const on of MONTHLY_UPDATES.filter((d) => d >= '2025-06-02' && d <= '2026-03-02')) {
    // 減額更正: a 審査申出 or a corrected income lowers one installment still to come; the payer gets a new slip.
    for (let k = 0; k < 8; k++) {
      const n = pick(rng, changeable);
      const b = n.bills.find((x) => !x.change && x.createdOn < on && x.dueDate >= addCalendarDays(on, 14));
      if (!b) continue;
      b.change = { on, kind: 'reduce' };
      b.amount = Math.max(100, Math.round((b.amount * (70 + randInt(rng, 0, 25))) / 100 / 100) * 100);
      if (b.amount >= b.originalAmount) b.amount = b.originalAmount - 100;
      b.payableFrom = addCalendarDays(on, 1);
      b.reissue = '1';
      changeOf(on).push(b);
    }
    // 取消: a tenant moves out or a child leaves the nursery (the months still to come), or a 随時 bill issued in error.
    for (const category of ['07', '08']) {
      const n = pick(rng, notices.filter((x) => x.category === category && x.bills[0]?.fiscalYear === FY && x.bills.every((b) => !b.change)));
      for (const b of n.bills.filter((x) => x.dueDate >= endOfMonthAfter(on, 1))) {
        b.change = { on, kind: 'cancel' };
        changeOf(on).push(b);
      }
    }
    const wrong = notices.filter((x) => x.category === '09' && x.bills[0].createdOn < on && x.bills[0].dueDate > on && !x.bills[0].change);
    if (wrong.length) {
      const b = pick(rng, wrong).bills[0];
      b.change = { on, kind: 'cancel' };
      changeOf(on).push(b);
    }
  }

  // ------------------------------------------------------------ places, times, ids

  interface Store {
    cvs: Cvs;
    code: string;
  }
  const STORES_A: Store[] = [];
  for (const [key, n] of [['seven', 4], ['lawson', 3], ['family', 3], ['daily', 1], ['ministop', 1]] as const) {
    for (let i = 0; i < n; i++) STORES_A.push({ cvs: CVS[key], code: zeroPad(randInt(rng, 100000, 999999), 7) });
  }
  const STORES_B: Store[] = [CVS.seven, CVS.lawson, CVS.family].map((cvs) => ({ cvs, code: zeroPad(randInt(rng, 100000, 999999), 6) }));
  const STORE_WEIGHTS: [string, number][] = [['010', 36], ['020', 25], ['030', 26], ['050', 5], ['080', 8]];
  function storePlace(agent: 'A' | 'B', app: boolean): Store {
    if (app) {
      const key = weighted(rng, [['paypay', 6], ['dbarai', 2], ['aupay', 2]] as const);
      return { cvs: CVS[key], code: agent === 'A' ? '0000000' : '000000' };
    }
    if (agent === 'B') return pick(rng, STORES_B);
    const chain = weighted(rng, STORE_WEIGHTS);
    return pick(rng, STORES_A.filter((s) => s.cvs.code === chain));
  }
  function storeTime(app: boolean): string {
    const hour = app
      ? weighted(rng, Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.3 : h === 23 ? 0.5 : 1.5] as const))
      : weighted(
          rng,
          Array.from({ length: 16 }, (_, i) => {
            const h = i + 7;
            return [h, h <= 8 || h >= 21 ? 1 : (h >= 12 && h <= 13) || (h >= 18 && h <= 20) ? 3 : 2] as const;
          }),
        );
    return zeroPad(hour, 2) + zeroPad(randInt(rng, 0, 59), 2);
  }
  const seconds = () => zeroPad(randInt(rng, 0, 59), 2);
  function officeTime(fromHour = 9, toHour = 16): string {
    return `${zeroPad(randInt(rng, fromHour, toHour), 2)}:${zeroPad(randInt(rng, 0, 59), 2)}:${seconds()}`;
  }

  let paymentId = 0;
  const payments: Payment[] = [];
  const failedDebits: Payment[] = [];
  function newPayment(p: Omit<Payment, 'id' | 'cancelled' | 'failedResult' | 'records'> & Partial<Pick<Payment, 'cancelled' | 'failedResult' | 'records'>>): Payment {
    const out: Payment = { id: ++paymentId, cancelled: false, failedResult: null, records: [], ...p };
    (out.failedResult ? failedDebits : payments).push(out);
    if (out.bill && !out.failedResult) out.bill.paid = true;
    return out;
  }

  // The 収納代行's delivery days: 速報 in the file of the 収納日 (weekend payments in the next business day's), 確報 1–3 files later.
  const speedDay = (paidOn: IsoDate) => businessDayOnOrAfter(paidOn);
  const confirmAfter = (speed: IsoDate) => addBusinessDays(speed, weighted(rng, [[1, 6], [2, 3], [3, 1]] as const));

  function konbiniPayment(bill: Bill, paidOn: IsoDate, app: boolean, opts: { hhmm?: string; place?: Store; amount?: number; slip?: { reissue: string; payLimit: IsoDate }; confirm?: IsoDate } = {}): Payment {
    const agent = B_CATEGORIES.has(bill.category) ? 'B' : 'A';
    const place = opts.place ?? storePlace(agent, app);
    const hhmm = opts.hhmm ?? storeTime(app);
    const amount = opts.amount ?? bill.amount;
    const code = barcode({
      companyCode: agent === 'A' ? AGENT_A.company : AGENT_B.company,
      clientCode: agent === 'A' ? AGENT_A.client : AGENT_B.client,
      billNumber: bill.billNumber,
      reissue: opts.slip?.reissue ?? bill.reissue,
      payLimit: opts.slip?.payLimit ?? bill.payLimit,
      amount,
    });
    const speed = speedDay(paidOn);
    return newPayment({
      channel: place.cvs.channel,
      format: agent === 'A' ? 'konbini' : 'konbini-csv',
      bill,
      billNumber: bill.billNumber,
      amount,
      paidOn,
      time: `${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00`,
      records: [
        { dataType: '01', day: speed },
        { dataType: '02', day: opts.confirm ?? confirmAfter(speed) },
      ],
      konbini: { agent, barcode: code, cvs: place.cvs, storeCode: place.code, segment: app ? '00' : zeroPad(randInt(rng, 10, 59), 2), hhmm },
    });
  }
  function postOfficePayment(bill: Bill, paidOn: IsoDate): Payment {
    const code = barcode({ companyCode: AGENT_B.company, clientCode: AGENT_B.client, billNumber: bill.billNumber, reissue: bill.reissue, payLimit: bill.payLimit, amount: bill.amount });
    return newPayment({
      channel: 'bank_counter',
      format: 'konbini-csv',
      bill,
      billNumber: bill.billNumber,
      amount: bill.amount,
      paidOn,
      time: null,
      records: [{ dataType: '12', day: addBusinessDays(paidOn, 2) }],
      konbini: { agent: 'B', barcode: code, cvs: CVS.postCounter, storeCode: zeroPad(randInt(rng, 91001, 91099), 6), segment: '00', hhmm: '0000' },
    });
  }
  const MEANS: [string, number][] = [['01', 38], ['02', 6], ['03', 27], ['04', 3], ['05', 19], ['06', 7]];
  function eltaxCompany(means: string): string {
    switch (means) {
      case '01':
        return weighted(rng, BANKS.map((b) => [b.kanji, b.weight] as const));
      case '02':
        return 'ペイジー（ATM）';
      case '03':
        return 'ペイジー（インターネットバンキング）';
      case '04':
        return 'ダイレクト納付';
      case '05':
        return 'ＧＭＯペイメントゲートウェイ';
      default:
        return pick(rng, ['PayPay', 'au PAY', 'd払い', '楽天ペイ']);
    }
  }
  function eltaxPayment(bill: Bill, paidOn: IsoDate, means: string): Payment {
    return newPayment({
      channel: 'eltax',
      format: 'eltax',
      bill,
      billNumber: bill.billNumber,
      amount: bill.amount,
      paidOn,
      time: null,
      records: [{ dataType: '0', day: paidOn }],
      eltax: {
        means,
        company: eltaxCompany(means),
        confirmation: zeroPad(randInt(rng, 100000, 999999), 6),
        createdOn: addBusinessDays(paidOn, 1),
        depositOn: addBusinessDays(paidOn, 4),
        receiptNo: '',
      },
    });
  }
  function bankPayment(bill: Bill, paidOn: IsoDate, amount = bill.amount): Payment {
    const bank = weighted(rng, BANKS.map((b) => [b, b.weight] as const));
    return newPayment({
      channel: 'bank_counter',
      format: 'bank-counter',
      bill,
      billNumber: bill.billNumber,
      amount,
      paidOn,
      time: null,
      records: [{ dataType: '0', day: paidOn }],
      bank: { bankCode: bank.code, branchCode: pick(rng, bank.branches)[0] },
    });
  }
  function cardPayment(bill: Bill, paidOn: IsoDate, time = officeTime(0, 23)): Payment {
    return newPayment({
      channel: 'credit_card',
      format: 'credit-card',
      bill,
      billNumber: bill.billNumber,
      amount: bill.amount,
      paidOn,
      time,
      records: [{ dataType: '売上', day: paidOn }],
      card: {
        id: '',
        brand: weighted(rng, [['VISA', 45], ['Mastercard', 25], ['JCB', 25], ['AMEX', 3], ['Diners', 2]] as const),
        last4: zeroPad(randInt(rng, 0, 9999), 4),
        fee: Math.floor((bill.amount * 83 + 9999) / 10000),
      },
    });
  }
  function consignorOf(category: string) {
    return CONSIGNORS.find((c) => c.categories.includes(category))!;
  }
  function debitPayment(bill: Bill, account: Account, result: string): Payment {
    return newPayment({
      channel: 'direct_debit',
      format: 'zengin-furikae',
      bill,
      billNumber: bill.billNumber,
      amount: bill.amount,
      paidOn: bill.effectiveDue,
      time: null,
      failedResult: result === '0' ? null : result,
      records: [{ dataType: result, day: bill.effectiveDue }],
      debit: { account, consignor: consignorOf(bill.category) },
    });
  }

  // ------------------------------------------------------------ planted cases (their bills first, so ordinary payments keep away)

  interface Plant {
    name: string;
    description: string;
    expected: ExceptionType[];
    payment?: Payment;
    register?: RegisterRow;
    file?: string;
  }
  const plants: Plant[] = [];
  const plant = (name: string, description: string, expected: ExceptionType[], payment: Payment) => {
    payment.caseName = name;
    plants.push({ name, description, expected, payment });
    return payment;
  };
  const atBusinessDay = (d: IsoDate) => {
    check(!isBankHoliday(d), `planted day ${d} is a business day`);
    return d;
  };

  // 1. eL-QR after a convenience-store payment of the same bill, and the reverse.
  {
    const bill = plantBill('02', FY, '02', 38400);
    plant('eltax_dup_konbini_first', '固定資産税第2期（納期限 2025-07-31）をコンビニで納付（7-18）: 消込済', [], konbiniPayment(bill, '2025-07-18', false, { hhmm: '1241' }));
    plant('eltax_dup_eltax_second', '同じ調定を 7-28 に eL-QR（ペイジー・インターネットバンキング）でも納付: 二重納付', ['duplicate_payment'], eltaxPayment(bill, '2025-07-28', '03'));
  }
  {
    const bill = plantBill('01', FY, '02', 27000);
    plant('eltax_first_konbini_dup_eltax', '市県民税第2期（納期限 2025-08-31 日 → 実質 9-01）を eL-QR（クレジットカード）で納付（8-20）: 消込済', [], eltaxPayment(bill, '2025-08-20', '05'));
    plant('eltax_first_konbini_dup_konbini', '同じ調定の納付書を 8-26 にコンビニでも納付（速報・確報）: 二重納付', ['duplicate_payment'], konbiniPayment(bill, '2025-08-26', false, { hhmm: '1905' }));
  }
  // 2. 口座振替 and then the paper slip at a bank counter.
  {
    const bill = plantBill('04', FY, '03', 24600, { way: 'debit' });
    plant('debit_then_bank_debit', '国保税第3期（納期限 2025-08-31 日 → 実質 9-01）を口座振替（振替済）: 消込済', [], debitPayment(bill, bill.notice!.account!, '0'));
    plant('debit_then_bank_counter', '振替済を知らずに 9-04 に納付書で金融機関窓口でも納付: 二重納付', ['duplicate_payment'], bankPayment(bill, atBusinessDay('2025-09-04')));
  }
  // 3. Cancellations: eLTAX 取消区分 1, card 取消, bank-counter 取消区分 1.
  let eltaxCancelled: Payment;
  {
    const bill = plantBill('03', FY, '01', 10800);
    eltaxCancelled = plant('eltax_cancelled', '軽自動車税 eL-QR（クレジットカード）5-20 の納付を 5-23 作成の取消区分1の行が取り消す。調定は未納に戻る', ['cancelled_payment'], eltaxPayment(bill, '2025-05-20', '05'));
    eltaxCancelled.cancelled = true;
    eltaxCancelled.records.push({ dataType: '1', day: '2025-05-23' });
  }
  let cardCancelled: Payment;
  {
    const bill = plantBill('01', FY, '03', 45000);
    cardCancelled = plant('card_cancelled', '市県民税第3期のクレジット納付（10-20）を 10-22 の取消行（元決済ID）が取り消す', ['cancelled_payment'], cardPayment(bill, '2025-10-20', '21:14:05'));
    cardCancelled.cancelled = true;
    cardCancelled.card!.cancelOn = '2025-10-22';
    cardCancelled.card!.cancelTime = '10:03:40';
    cardCancelled.records.push({ dataType: '取消', day: '2025-10-22' });
  }
  let bankCancelled: Payment;
  {
    const bill = plantBill('02', FY, '03', 52300);
    bankCancelled = plant('bank_counter_cancelled', '固定資産税第3期の窓口収納（12-19）を同じ納付番号・収納日・金額の取消区分1の行が取り消す', ['cancelled_payment'], bankPayment(bill, atBusinessDay('2025-12-19')));
    bankCancelled.cancelled = true;
    bankCancelled.records.push({ dataType: '1', day: '2025-12-19' });
  }
  // 4. Late payments: 滞納繰越分 of FY2024 (one in FY2024's 出納整理期間), and FY2025 bills paid in April–May 2026.
  {
    const b = plantBill('04', FY - 1, '10', 31200);
    plant('late_fy2024_paid_may_2025', '令和6年度 国保税第10期（納期限 2025-03-31）を 2025-05-15 に金融機関窓口で納付: 期限後、出納整理期間なので令和6年度に計上', ['late_payment'], bankPayment(b, atBusinessDay('2025-05-15')));
  }
  {
    const b = plantBill('01', FY - 1, '04', 18500);
    plant('late_fy2024_arrears_konbini', '令和6年度 市県民税第4期（納期限 2025-01-31）の滞納繰越分を催告書の再発行納付書（再発行区分1）で 2025-07-08 にコンビニ納付', ['late_payment'], konbiniPayment(b, '2025-07-08', false, { hhmm: '1112', slip: { reissue: '1', payLimit: '2025-07-31' } }));
  }
  {
    const b = plantBill('02', FY - 1, '04', 64100);
    plant('late_fy2024_arrears_eltax', '令和6年度 固定資産税第4期（納期限 2025-02-28）の滞納繰越分を 2025-09-10 に eL-QR（インターネットバンキング）で納付', ['late_payment'], eltaxPayment(b, '2025-09-10', '03'));
  }
  {
    const b = plantBill('06', FY - 1, '09', 9870);
    plant('late_fy2024_arrears_bank', '令和6年度 後期高齢者医療保険料第9期（納期限 2025-03-31）の滞納繰越分を 2025-11-20 に金融機関窓口で納付', ['late_payment'], bankPayment(b, atBusinessDay('2025-11-20')));
  }
  {
    const b = plantBill('04', FY, '10', 28700);
    plant('late_fy2025_paid_april_2026', '国保税第10期（納期限 2026-03-31）を 2026-04-10 に金融機関窓口で納付: 期限後、出納整理期間なので令和7年度に計上', ['late_payment'], bankPayment(b, atBusinessDay('2026-04-10')));
  }
  {
    const b = plantBill('01', FY, '04', 33000);
    plant('late_fy2025_paid_may_2026', '市県民税第4期（納期限 2026-01-31 土 → 実質 2-02）を督促状の再発行納付書で 2026-05-20 にコンビニ納付: 期限後、令和7年度に計上', ['late_payment'], konbiniPayment(b, '2026-05-20', false, { hhmm: '1830', slip: { reissue: '1', payLimit: '2026-05-31' } }));
  }

  // ------------------------------------------------------------ ordinary payments: exact, on time, each bill at most once

  const TOGETHER: Record<string, number> = { '01': 0.15, '02': 0.28, '04': 0.06, '05': 0.05, '06': 0.05 };
  const FAILED_CODES: [string, number][] = [['1', 75], ['2', 5], ['3', 8], ['4', 4], ['8', 3], ['9', 5]];
  function windowOf(b: Bill): [IsoDate, IsoDate] | null {
    let start = b.payableFrom > WINDOW_FROM ? b.payableFrom : WINDOW_FROM;
    if (b.installment !== '00' && b.installment !== '01') {
      const early = addCalendarDays(b.effectiveDue, -45);
      if (early > start) start = early;
    }
    const end = b.effectiveDue < WINDOW_TO ? b.effectiveDue : WINDOW_TO;
    return start <= end ? [start, end] : null;
  }
  function pickDay(start: IsoDate, end: IsoDate): IsoDate {
    const span = calendarDaysBetween(start, end);
    if (span <= 13 || rng() < 0.25) return addCalendarDays(start, randInt(rng, 0, span));
    return addCalendarDays(end, -randInt(rng, 0, 13));
  }
  type Choice = { way: 'bank' | 'konbini' | 'app' | 'eltax' | 'card' | 'post'; means?: string };
  function chooseWay(n: Notice, b: Bill, day: IsoDate): Choice {
    let way: Choice['way'] = n.way !== 'debit' && rng() < 0.85 ? n.way : weighted(rng, [['bank', 62], ['konbini', 21], ['app', 4], ['eltax', 9]] as const);
    if (way === 'eltax' && !ELTAX_CATEGORIES.has(b.category)) way = 'bank';
    if ((way === 'konbini' || way === 'app') && b.amount > SLIP_LIMIT) way = 'bank';
    if (day >= CARD_LAUNCH && CARD_CATEGORIES.has(b.category) && rng() < 0.025) way = 'card';
    if (way === 'konbini' && B_CATEGORIES.has(b.category) && rng() < 0.06) way = 'post';
    return way === 'eltax' ? { way, means: weighted(rng, MEANS) } : { way };
  }
  const needsBusinessDay = (c: Choice) => c.way === 'bank' || c.way === 'post' || (c.way === 'eltax' && c.means === '01');

  for (const n of notices) {
    const open = n.bills.filter((b) => !b.neverPay && !b.planted && b.change?.kind !== 'cancel');
    if (n.way === 'debit') {
      for (const b of n.bills) {
        if (b.planted || b.change?.kind === 'cancel' || b.effectiveDue < WINDOW_FROM || b.effectiveDue > WINDOW_TO || b.createdOn > b.effectiveDue) continue;
        const fails = b.neverPay || rng() < 0.025;
        debitPayment(b, n.account!, fails ? (b.neverPay ? '1' : weighted(rng, FAILED_CODES)) : '0');
      }
      continue;
    }
    let first = true;
    for (const b of open) {
      if (b.paid) continue;
      const win = windowOf(b);
      if (!win || rng() < 0.04) continue;
      let day = pickDay(win[0], win[1]);
      let choice = chooseWay(n, b, day);
      if (needsBusinessDay(choice) && isBankHoliday(day)) {
        let d = businessDayOnOrAfter(day);
        if (d > win[1]) d = businessDayOnOrBefore(win[1]);
        if (d >= win[0]) day = d;
        else if (b.amount <= SLIP_LIMIT) choice = { way: 'konbini' }; // no business day in the window: a store, that day
        else continue;
      }
      const together =
        first && rng() < (TOGETHER[b.category] ?? 0)
          ? open.filter((x) => !x.paid && x.payableFrom <= day && x.effectiveDue >= day && !((choice.way === 'konbini' || choice.way === 'app') && x.amount > SLIP_LIMIT))
          : [b];
      first = false;
      const app = choice.way === 'app';
      const agent = B_CATEGORIES.has(b.category) ? 'B' : 'A';
      const place = choice.way === 'konbini' || app ? storePlace(agent, app) : undefined;
      const hhmm = place ? storeTime(app) : undefined;
      const cardTime = officeTime(0, 23);
      for (const x of together) {
        switch (choice.way) {
          case 'bank':
            bankPayment(x, day);
            break;
          case 'post':
            postOfficePayment(x, day);
            break;
          case 'konbini':
          case 'app':
            konbiniPayment(x, day, app, { place, hhmm });
            break;
          case 'eltax':
            eltaxPayment(x, day, choice.means!);
            break;
          case 'card':
            cardPayment(x, day, cardTime);
            break;
        }
      }
    }
  }

  // ------------------------------------------------------------ the counter: register (city-cash) and QR provider (qr-counter)

  const registerRows: RegisterRow[] = [];
  const qrTxs: QrTx[] = [];
  const qrSeq = new Map<IsoDate, number>();
  function qrId(on: IsoDate): string {
    const n = (qrSeq.get(on) ?? 0) + 1;
    qrSeq.set(on, n);
    return '04' + yymmdd(on) + zeroPad(n, 4) + zeroPad(randInt(rng, 0, 99999999), 8);
  }
  const addSeconds = (hhmmss: string, s: number): string => {
    const [h, m, sec] = hhmmss.split(':').map(Number);
    const total = h * 3600 + m * 60 + sec + s;
    return `${zeroPad(Math.floor(total / 3600), 2)}:${zeroPad(Math.floor((total % 3600) / 60), 2)}:${zeroPad(total % 60, 2)}`;
  };
  const qrMethod = () => weighted(rng, [['PayPay残高', 80], ['PayPayカード', 15], ['PayPayあと払い', 5]] as const);
  /** Planted counter rows, by day: made with the day's ordinary rows so their 受付番号 follow the day's order. */
  interface CounterPlant {
    name: string;
    description: string;
    expected: ExceptionType[];
    row?: Partial<RegisterRow> & { time: string; counter: string; category: string; quantity: number; amount: number; method: '現金' | 'QR' };
    /** The provider's transaction: its amount (null: it never comes), and a refund. */
    tx?: { amount: number | null; delay: number; refundAfter?: number };
    voidAfter?: number;
  }
  const counterPlants = new Map<IsoDate, CounterPlant[]>([
    ['2025-06-18', [{ name: 'cash_voided', description: '現金の窓口収納（除籍 750円）を取消区分1の行（同じ受付番号）が取り消す', expected: ['cancelled_payment'], row: { time: '11:20:05', counter: '01', category: '10', quantity: 1, amount: 750, method: '現金' }, voidAfter: 340 }]],
    ['2025-10-15', [{ name: 'qr_refunded_and_voided', description: '窓口QR決済（住民票2通 600円）を返金（返金完了、加盟店決済ID = 元の取引番号）し、日計の行も取消区分1で取り消す: 取消は1件', expected: ['cancelled_payment'], row: { time: '10:21:02', counter: '01', category: '10', quantity: 2, amount: 600, method: 'QR' }, tx: { amount: 600, delay: 31, refundAfter: 809 }, voidAfter: 878 }]],
    ['2025-11-12', [{ name: 'qr_unknown_transaction', description: '事業者の取引完了（戸籍 450円）に対応する日計の行がない（入力漏れ）: 該当なし', expected: ['unknown_bill'], tx: { amount: 450, delay: 0 }, row: { time: '14:02:10', counter: '01', category: '10', quantity: 1, amount: 450, method: 'QR', caseName: 'omit' } }]],
    ['2025-12-03', [{ name: 'qr_preliminary_only', description: '日計のQR行（印鑑登録証明 300円）の取引が事業者データに来ない。後のファイルには10営業日を超えて後の取引がある: 速報のみ', expected: ['preliminary_only'], row: { time: '15:40:44', counter: '01', category: '10', quantity: 1, amount: 300, method: 'QR' }, tx: { amount: null, delay: 0 } }]],
    ['2026-01-20', [{ name: 'qr_amount_short', description: '日計のQR行は住民票3通 900円、事業者の取引完了は 600円: 過少（期待額は日計の金額）', expected: ['amount_short'], row: { time: '09:48:15', counter: '01', category: '10', quantity: 3, amount: 900, method: 'QR' }, tx: { amount: 600, delay: 24 } }]],
    ['2026-02-10', [{ name: 'qr_amount_over', description: '日計のQR行は 300円、事業者の取引完了は 750円（誤入力）: 過大', expected: ['amount_over'], row: { time: '13:05:51', counter: '01', category: '10', quantity: 1, amount: 300, method: 'QR' }, tx: { amount: 750, delay: 19 } }]],
  ]);
  const counterCases: { plant: CounterPlant; row: RegisterRow | null; payment: Payment | null; tx: QrTx | null }[] = [];

  for (let day = WINDOW_FROM; day <= WINDOW_TO; day = addCalendarDays(day, 1)) {
    if (isBankHoliday(day)) continue;
    const month = Number(day.slice(5, 7));
    const afterHoliday = isBankHoliday(addCalendarDays(day, -1)) && new Date(`${day}T00:00:00Z`).getUTCDay() !== 1;
    const monday = new Date(`${day}T00:00:00Z`).getUTCDay() === 1;
    let n = 38 + randInt(rng, -7, 7) + (monday || afterHoliday ? 8 : 0) + (month === 3 || month === 4 ? 10 : 0);
    // The QR share grows through the year as the counter advertises it.
    const qrShare = 0.06 + (0.08 * calendarDaysBetween(WINDOW_FROM, day)) / calendarDaysBetween(WINDOW_FROM, WINDOW_TO);
    const dayRows: { row: RegisterRow; plant?: CounterPlant }[] = [];
    while (n-- > 0) {
      const env = rng() < 0.11;
      const counter = env ? '02' : '01';
      const unit = weighted(rng, env ? ENVIRONMENT_FEES : CERTIFICATES);
      const quantity = env ? 1 : weighted(rng, [[1, 60], [2, 25], [3, 10], [4, 3], [5, 2]] as const);
      const method = rng() < (env ? qrShare / 2 : qrShare) ? 'QR' : '現金';
      dayRows.push({
        row: { receiptNo: '', on: day, time: `${zeroPad(randInt(rng, 8, 16), 2)}:${zeroPad(randInt(rng, 0, 59), 2)}:${seconds()}`, counter, category: env ? '09' : '10', quantity, amount: unit * quantity, method, qrId: '', voidTime: null },
      });
    }
    for (const cp of counterPlants.get(day) ?? []) {
      const r = cp.row!;
      dayRows.push({ row: { receiptNo: '', on: day, time: r.time, counter: r.counter, category: r.category, quantity: r.quantity, amount: r.amount, method: r.method, qrId: '', voidTime: null, caseName: cp.name }, plant: cp });
    }
    dayRows.sort((a, b) => (a.row.time < b.row.time ? -1 : a.row.time > b.row.time ? 1 : 0));
    let seq = 0;
    for (const { row, plant: cp } of dayRows) {
      const omitted = cp?.row?.caseName === 'omit';
      if (!omitted) row.receiptNo = ymd(day) + zeroPad(++seq, 4);
      let tx: QrTx | null = null;
      let payment: Payment | null = null;
      if (row.method === 'QR') {
        const txAmount = cp?.tx ? cp.tx.amount : row.amount;
        if (!cp && rng() < 0.02) {
          // A first attempt that failed (残高不足): no money, a new 取引番号 for the retry.
          qrTxs.push({ id: qrId(day), on: day, time: addSeconds(row.time, 8), status: '取引失敗', amount: row.amount, counter: row.counter, receipt: '', method: qrMethod(), merchantPaymentId: '', payment: null });
        }
        const id = qrId(day);
        row.qrId = id;
        if (txAmount !== null) {
          tx = { id, on: day, time: addSeconds(row.time, cp?.tx ? cp.tx.delay : randInt(rng, 12, 50)), status: '取引完了', amount: txAmount, counter: row.counter, receipt: '', method: qrMethod(), merchantPaymentId: '', payment: null };
          payment = newPayment({ channel: 'qr_counter', format: 'qr-counter', bill: null, billNumber: null, amount: txAmount, paidOn: day, time: tx.time, records: [{ dataType: '取引完了', day }], qr: { txId: id, counter: row.counter, receipt: '', method: tx.method } });
          tx.payment = payment;
          qrTxs.push(tx);
          if (cp?.tx?.refundAfter) {
            const refund: QrTx = { id: qrId(day), on: day, time: addSeconds(row.time, cp.tx.refundAfter), status: '返金完了', amount: -txAmount, counter: row.counter, receipt: '', method: tx.method, merchantPaymentId: id, payment };
            qrTxs.push(refund);
            payment.cancelled = true;
            payment.qr!.refundId = refund.id;
            payment.records.push({ dataType: '返金完了', day });
          }
        }
      } else {
        payment = newPayment({ channel: 'city_cash', format: 'city-cash', bill: null, billNumber: null, amount: row.amount, paidOn: day, time: row.time, records: [{ dataType: '現金', day }], register: row });
      }
      if (cp?.voidAfter) {
        row.voidTime = addSeconds(row.time, cp.voidAfter);
        if (row.method === '現金') payment!.cancelled = true;
      }
      if (omitted) {
        if (payment) payment.caseName = cp!.name;
      } else {
        registerRows.push(row);
      }
      if (cp) {
        if (payment) payment.caseName = cp.name;
        counterCases.push({ plant: cp, row: omitted ? null : row, payment, tx });
      }
    }
  }

  // ------------------------------------------------------------ self-checks on the model

  {
    // The counter: every QR row but the planted ones has its 取引完了 with the same 取引番号 and amount, and the
    // row whose transaction never comes is followed by transactions more than 10 business days later.
    const done = new Map(qrTxs.filter((t) => t.status === '取引完了').map((t) => [t.id, t]));
    const lastTx = qrTxs.reduce((m, t) => (t.on > m ? t.on : m), qrTxs[0].on);
    for (const row of registerRows.filter((r) => r.method === 'QR')) {
      const tx = done.get(row.qrId);
      if (row.caseName === 'qr_preliminary_only') check(!tx && businessDaysBetween(row.on, lastTx) > 10, 'the lone QR row is past the 10 business days');
      else if (row.caseName === 'qr_amount_short' || row.caseName === 'qr_amount_over') check(tx && tx.amount !== row.amount, `${row.caseName} differs`);
      else check(tx && tx.amount === row.amount && tx.on === row.on, `QR row ${row.receiptNo} has its transaction`);
    }
  }

  {
    const seen = new Set<string>();
    for (const p of payments) {
      if (p.caseName || !p.bill) continue;
      const b = p.bill;
      check(!seen.has(b.billNumber), `bill paid once: ${b.billNumber}`);
      seen.add(b.billNumber);
      check(!b.planted && !b.neverPay && b.change?.kind !== 'cancel', `ordinary payment of a payable bill: ${b.billNumber}`);
      check(p.amount === b.amount, `ordinary payment exact: ${b.billNumber}`);
      check(p.paidOn <= b.effectiveDue && p.paidOn >= b.payableFrom, `ordinary payment on time and after the bill: ${b.billNumber} ${p.paidOn}`);
      check(p.paidOn >= WINDOW_FROM && p.paidOn <= WINDOW_TO, `payment in the window: ${b.billNumber}`);
      if (p.channel === 'bank_counter' || (p.channel === 'eltax' && p.eltax!.means === '01')) check(!isBankHoliday(p.paidOn), `counter payment on a business day: ${b.billNumber}`);
      if (p.konbini) {
        check(isValidBarcode(p.konbini.barcode) && barcodeAmount(p.konbini.barcode) === p.amount, `barcode of ${b.billNumber}`);
        check(`20${p.konbini.barcode.slice(30, 36)}` >= ymd(p.paidOn), `slip still accepted: ${b.billNumber}`);
      }
    }
    for (const b of plantedBills) check(!seen.has(b.billNumber), `planted bill untouched: ${b.billNumber}`);
    const numbers = new Set(bills.map((b) => b.billNumber));
    check(numbers.size === bills.length, 'bill numbers unique');
    // The November full set re-lists its own FY2025 bills (carried here unpaid); any other shared number would be a clash.
    const carried = new Set(novemberArrears.map((b) => b.billNumber));
    for (const nb of input.novemberBills) check(!numbers.has(nb.billNumber) || carried.has(nb.billNumber), `no clash with the November bill ${nb.billNumber}`);
    for (const b of bills) check(isValidBillNumber(b.billNumber), `valid 納付番号 ${b.billNumber}`);
  }

  // ------------------------------------------------------------ writing

  const write = (rel: string, buf: Buffer, info: SampleFile) => {
    info.bytes = buf.length;
    input.write(rel, buf);
    files.push(info);
  };
  const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
  const fileInfo = (file: string, format: FormatCode, receivedOn: IsoDate, over: Partial<SampleFile> = {}): SampleFile => ({
    file,
    format,
    encoding: 'cp932',
    lineEnd: 'crlf',
    records: 0,
    dataRecords: {},
    dataAmounts: {},
    receivedOn,
    rejectedLines: [],
    controlIssues: [],
    expectedExceptionTypes: [],
    ...over,
  });
  const count = (info: SampleFile, key: string, amount: number) => {
    info.dataRecords[key] = (info.dataRecords[key] ?? 0) + 1;
    info.dataAmounts![key] = (info.dataAmounts![key] ?? 0) + amount;
  };
  const byMonth = <T>(items: T[], month: (t: T) => string): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const t of items) {
      const m = month(t);
      (out.get(m) ?? (out.set(m, []), out.get(m)!)).push(t);
    }
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
  };
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);

  // bills/: the full set of 2025-04-01, then the updates (new bills, 減額更正, 取消).
  {
    const byFile = new Map<IsoDate, { rows: string[]; added: number; reduced: number; cancelled: number }>();
    const at = (on: IsoDate) => byFile.get(on) ?? (byFile.set(on, { rows: [], added: 0, reduced: 0, cancelled: 0 }), byFile.get(on)!);
    const row = (b: Bill, amount: number, status: '有効' | '取消', updatedOn: IsoDate) =>
      billsCsvRow({ municipalityCode: MUNICIPALITY, billNumber: b.billNumber, category: b.category, fiscalYear: b.fiscalYear, installment: b.installment, dueDate: b.dueDate, amount, payerId: b.payerId, status, updatedOn });
    const sorted = [...bills].sort((a, b) => cmp(a.billNumber, b.billNumber));
    for (const b of sorted) {
      // Bills assessed before the window (FY2024) are in the full set with their old 更新日.
      const f = at(b.createdOn < FULL_SET_ON ? FULL_SET_ON : b.createdOn);
      f.rows.push(row(b, b.originalAmount, '有効', b.createdOn));
      f.added++;
    }
    for (const [on, changed] of [...changeRows.entries()].sort(([a], [b]) => cmp(a, b))) {
      const f = at(on);
      for (const b of changed.sort((x, y) => cmp(x.billNumber, y.billNumber))) {
        f.rows.push(row(b, b.amount, b.change!.kind === 'cancel' ? '取消' : '有効', on));
        if (b.change!.kind === 'cancel') f.cancelled++;
        else f.reduced++;
      }
    }
    for (const [on, f] of [...byFile.entries()].sort(([a], [b]) => cmp(a, b))) {
      const full = on === FULL_SET_ON;
      const rel = `bills/choutei_${ymd(on)}${full ? '' : '_update'}.csv`;
      const info = fileInfo(rel, 'bills', on, { records: f.rows.length, dataRecords: { bills: f.rows.length }, dataAmounts: undefined });
      const parts = [];
      if (f.added) parts.push(`${f.added} new`);
      if (f.reduced) parts.push(`${f.reduced} 減額更正`);
      if (f.cancelled) parts.push(`${f.cancelled} 取消`);
      info.note = (full ? 'full set of 2025-04-01: FY2025 固定資産税・住宅使用料・保育所利用料 and the open FY2024 bills; ' : '') + parts.join(', ');
      write(rel, iconv.encode(crlf([BILLS_COLUMNS.join(','), ...f.rows]), 'cp932'), info);
    }
  }

  // konbini/: one file a month from the main 収納代行, a header/trailer group per delivery day.
  function writeKonbiniA(): void {
    const recs = payments.filter((p) => p.konbini?.agent === 'A').flatMap((p) => p.records.map((r) => ({ p, r })));
    const sortKey = ({ p, r }: { p: Payment; r: Rec }) => `${p.paidOn}${p.konbini!.hhmm}${p.konbini!.storeCode}${r.dataType}${p.konbini!.barcode}`;
    const byDay = new Map<IsoDate, { p: Payment; r: Rec }[]>();
    for (const x of recs) (byDay.get(x.r.day) ?? (byDay.set(x.r.day, []), byDay.get(x.r.day)!)).push(x);
    const days = [...byDay.keys()].sort();
    const months = byMonth(days, monthOf);
    for (const [month, mdays] of months) {
      const last = month > monthOf(WINDOW_TO);
      const arrive = last ? addBusinessDays(mdays[mdays.length - 1], 1) : arrivalAfter(month);
      const rel = `konbini/SYUNO_${ymd(arrive)}.dat`;
      const info = fileInfo(rel, 'konbini', arrive, { dataRecords: { '01': 0, '02': 0, '03': 0 }, dataAmounts: { '01': 0, '02': 0, '03': 0 }, groups: mdays.length, dataCreatedOn: mdays[mdays.length - 1] });
      const out: Buffer[] = [];
      for (const day of mdays) {
        out.push(konbiniHeader({ createdOn: day, agentCode: AGENT_A.agentCode, clientCode: AGENT_A.client, clientName: AGENT_A.name, municipalityCode: MUNICIPALITY }));
        const totals = new KonbiniTotals();
        for (const { p, r } of byDay.get(day)!.sort((a, b) => cmp(sortKey(a), sortKey(b)))) {
          const k = p.konbini!;
          const dataType = r.dataType as KonbiniDataType;
          out.push(
            konbiniData({
              dataType,
              paidYmd: ymd(p.paidOn),
              paidTime: k.hhmm,
              barcode: k.barcode,
              storeCode: k.storeCode,
              segment: k.segment,
              acquiredOn: p.paidOn,
              transferOn: dataType === '02' ? addBusinessDays(day, 3) : null,
              accountingOn: day,
              cvsCode: k.cvs.code,
            }),
          );
          r.file = rel;
          r.line = out.length;
          totals.add(dataType, p.amount);
          count(info, dataType, p.amount);
        }
        out.push(konbiniTrailer(totals));
      }
      out.push(konbiniEnd(out.length + 1));
      info.records = out.length;
      info.note = last ? `the 確報 (and weekend 速報) of the last days of May 2026, ${mdays.length} delivery days` : `${mdays.length} delivery days of ${month}, one group each`;
      write(rel, joinRecords(out, '\r\n'), info);
    }
  }
  writeKonbiniA();

  // konbini-csv/: the 電算システム CSV for 住宅使用料 and 保育所利用料, one file a month.
  {
    const recs = payments.filter((p) => p.konbini?.agent === 'B').flatMap((p) => p.records.map((r) => ({ p, r })));
    const rank: Record<string, number> = { '01': 0, '03': 0, '12': 1, '22': 1, '02': 2 };
    for (const [month, items] of byMonth(recs, (x) => monthOf(x.r.day))) {
      const last = month > monthOf(WINDOW_TO);
      const lastDay = items.reduce((m, x) => (x.r.day > m ? x.r.day : m), items[0].r.day);
      const arrive = last ? addBusinessDays(lastDay, 1) : arrivalAfter(month);
      const rel = `konbini-csv/DSK_${ymd(arrive)}.csv`;
      const info = fileInfo(rel, 'konbini-csv', arrive, { dataCreatedOn: lastDay });
      items.sort((a, b) => cmp(a.r.day, b.r.day) || rank[a.r.dataType] - rank[b.r.dataType] || cmp(`${a.p.paidOn}${a.p.konbini!.hhmm}${a.p.konbini!.barcode}`, `${b.p.paidOn}${b.p.konbini!.hhmm}${b.p.konbini!.barcode}`));
      const lines = [KONBINI_CSV_HEADER];
      for (const { p, r } of items) {
        const k = p.konbini!;
        const settled = r.dataType !== '01' && r.dataType !== '03';
        lines.push(
          konbiniCsvRow({
            dataType: r.dataType as '01' | '02' | '12',
            paidOn: p.paidOn,
            paidTime: k.hhmm,
            barcode: k.barcode,
            user1: '0' + AGENT_B.client,
            user2: p.billNumber!.slice(4, 15),
            cvsCode: k.cvs.code,
            cvsName: k.cvs.name,
            storeCode: k.storeCode,
            transferOn: settled ? addBusinessDays(r.day, 3) : null,
            createdOn: r.day,
          }),
        );
        r.file = rel;
        r.line = lines.length;
        count(info, r.dataType, p.amount);
      }
      info.records = lines.length - 1;
      info.note = last ? 'the 確報 of the last days of May 2026' : `${month}: 速報 and 確報 by データ作成日, 郵便振替 (12)`;
      write(rel, iconv.encode(crlf(lines), 'cp932'), info);
    }
  }

  // eltax/: one file a month (収納月), CP932; September 2025's comes UTF-8 with a BOM.
  {
    const rows = payments.filter((p) => p.format === 'eltax').flatMap((p) => p.records.map((r) => ({ p, r })));
    // 受付番号: the 納付日 and a running number of that day, in payment order.
    const perDay = new Map<IsoDate, number>();
    for (const p of payments.filter((x) => x.format === 'eltax').sort((a, b) => cmp(a.paidOn, b.paidOn) || a.id - b.id)) {
      const n = (perDay.get(p.paidOn) ?? 0) + 1;
      perDay.set(p.paidOn, n);
      p.eltax!.receiptNo = ymd(p.paidOn) + zeroPad(n, 8);
    }
    for (const [month, items] of byMonth(rows, (x) => monthOf(x.p.paidOn))) {
      const arrive = arrivalAfter(month);
      const utf8 = month === '2025-09';
      const rel = `eltax/ELTAX_${ymd(arrive)}.csv`;
      const info = fileInfo(rel, 'eltax', arrive, { encoding: utf8 ? 'utf8-bom' : 'cp932' });
      const createdOf = ({ p, r }: { p: Payment; r: Rec }) => (r.dataType === '1' ? r.day : p.eltax!.createdOn);
      items.sort((a, b) => cmp(createdOf(a), createdOf(b)) || cmp(a.p.eltax!.receiptNo, b.p.eltax!.receiptNo) || cmp(a.r.dataType, b.r.dataType));
      const lines = [ELTAX_HEADER];
      for (const x of items) {
        const { p, r } = x;
        const b = p.bill!;
        const e = p.eltax!;
        check(createdOf(x) <= arrive, `eltax データ作成日 before arrival: ${e.receiptNo}`);
        lines.push(
          eltaxCsvRow({
            createdOn: createdOf(x),
            institutionCode: ELTAX_INSTITUTION,
            municipalityCode: MUNICIPALITY,
            taxCode: '0' + b.category,
            billNumber: b.billNumber,
            confirmation: e.confirmation,
            fiscalYear: b.fiscalYear,
            taxYear: b.fiscalYear,
            installment: b.installment,
            dueDate: b.dueDate,
            amount: p.amount,
            paidOn: p.paidOn,
            means: e.means,
            company: e.company,
            depositOn: e.depositOn,
            cancel: r.dataType === '1' ? '1' : '0',
            receiptNo: e.receiptNo,
          }),
        );
        r.file = rel;
        r.line = lines.length;
        count(info, r.dataType, p.amount);
      }
      info.records = lines.length - 1;
      const text = crlf(lines);
      info.note = utf8 ? 'UTF-8 with BOM' : undefined;
      write(rel, utf8 ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]) : iconv.encode(text, 'cp932'), info);
    }
  }

  // credit-card/: one settlement file a month from October 2025; January 2026's trailer is wrong.
  let cardMismatchFile = '';
  {
    const sales = payments.filter((p) => p.format === 'credit-card');
    const perDay = new Map<IsoDate, number>();
    for (const p of [...sales].sort((a, b) => cmp(`${a.paidOn}${a.time}`, `${b.paidOn}${b.time}`) || a.id - b.id)) {
      const n = (perDay.get(p.paidOn) ?? 0) + 1;
      perDay.set(p.paidOn, n);
      p.card!.id = `KC${yymmdd(p.paidOn)}${zeroPad(n, 7)}`;
    }
    for (const p of sales.filter((x) => x.card!.cancelOn)) {
      const n = (perDay.get(p.card!.cancelOn!) ?? 0) + 1;
      perDay.set(p.card!.cancelOn!, n);
      p.card!.cancelId = `KC${yymmdd(p.card!.cancelOn!)}${zeroPad(n, 7)}`;
    }
    const rows = sales.flatMap((p) => p.records.map((r) => ({ p, r })));
    const timeOf = ({ p, r }: { p: Payment; r: Rec }) => (r.dataType === '取消' ? `${p.card!.cancelOn}${p.card!.cancelTime}` : `${p.paidOn}${p.time}`);
    for (const [month, items] of byMonth(rows, (x) => monthOf(x.r.day))) {
      const arrive = arrivalAfter(month);
      const rel = `credit-card/CARD_${ymd(arrive)}.csv`;
      const info = fileInfo(rel, 'credit-card', arrive);
      items.sort((a, b) => cmp(timeOf(a), timeOf(b)));
      const lines = [CREDIT_CARD_HEADER];
      const totals = { 売上: [0, 0] as [number, number], 取消: [0, 0] as [number, number] };
      for (const { p, r } of items) {
        const c = p.card!;
        const cancel = r.dataType === '取消';
        const on = cancel ? c.cancelOn! : p.paidOn;
        lines.push(
          creditCardCsvRow({
            id: cancel ? c.cancelId! : c.id,
            receivedOn: on,
            receivedTime: cancel ? c.cancelTime! : p.time!,
            settledOn: addCalendarDays(on, 1),
            depositOn: businessDayOnOrAfter(`${firstOfNextMonth(monthOf(on)).slice(0, 8)}15`),
            billNumber: p.billNumber!,
            amount: p.amount,
            fee: cancel ? 0 : c.fee,
            brand: c.brand,
            last4: c.last4,
            deal: cancel ? '取消' : '売上',
            originalId: cancel ? c.id : '',
          }),
        );
        r.file = rel;
        r.line = lines.length;
        const t = totals[cancel ? '取消' : '売上'];
        t[0]++;
        t[1] += p.amount;
        count(info, r.dataType, p.amount);
      }
      info.records = lines.length - 1;
      if (month === '2026-01') {
        const wrong: [number, number] = [totals.売上[0], totals.売上[1] + 10000];
        lines.push(creditCardTrailer(wrong, totals.取消));
        info.controlIssues.push({ line: lines.length, issue: `売上納付金額合計: trailer ${wrong[1]}, lines ${totals.売上[1]}` });
        info.expectedExceptionTypes = ['control_total_mismatch'];
        info.note = `合計 trailer on line ${lines.length} states 10,000 yen more than the 売上 lines`;
        cardMismatchFile = rel;
        plants.push({ name: 'card_control_total_mismatch', description: `合計行の売上納付金額合計 ${wrong[1]}円、売上行の合計は ${totals.売上[1]}円（10,000円多い）。行はすべて取り込む`, expected: ['control_total_mismatch'], file: rel });
      } else {
        lines.push(creditCardTrailer(totals.売上, totals.取消));
        info.note = `合計 trailer on line ${lines.length}`;
      }
      write(rel, iconv.encode(crlf(lines), 'cp932'), info);
    }
    check(cardMismatchFile, 'a card file for January 2026');
  }

  // zengin-furikae/: one result file per 引落日, received two business days later; a group per 委託者.
  let furikaeMismatchFile = '';
  {
    const debits = [...payments, ...failedDebits].filter((p) => p.format === 'zengin-furikae');
    const byDay = byMonth(debits, (p) => p.paidOn);
    for (const [debitOn, items] of byDay) {
      const arrive = addBusinessDays(debitOn, 2);
      const rel = `zengin-furikae/FURIKAE_${ymd(arrive)}.dat`;
      const info = fileInfo(rel, 'zengin-furikae', arrive, { note: `引落日 ${debitOn} (header MMDD ${ymd(debitOn).slice(4)}, resolved against the day received)` });
      const out: Buffer[] = [];
      let groups = 0;
      for (const consignor of CONSIGNORS) {
        const group = items.filter((p) => p.debit!.consignor === consignor).sort((a, b) => cmp(a.billNumber!, b.billNumber!));
        if (!group.length) continue;
        groups++;
        out.push(furikaeHeader({ consignorCode: consignor.code, consignorName: consignor.name, debitMonthDay: ymd(debitOn).slice(4), ...CITY_ACCOUNT }));
        const t = { total: [0, 0] as [number, number], debited: [0, 0] as [number, number], failed: [0, 0] as [number, number] };
        for (const p of group) {
          const a = p.debit!.account;
          const result = p.failedResult ?? '0';
          out.push(
            furikaeData({
              bankCode: a.bank.code,
              bankName: a.bank.kana,
              branchCode: a.branch[0],
              branchName: a.branch[1],
              accountType: '1',
              accountNo: a.accountNo,
              payerName: a.name,
              amount: p.amount,
              billNumber: p.billNumber!,
              result,
            }),
          );
          p.records[0].file = rel;
          p.records[0].line = out.length;
          t.total[0]++;
          t.total[1] += p.amount;
          const bucket = result === '0' ? t.debited : t.failed;
          bucket[0]++;
          bucket[1] += p.amount;
          count(info, result, p.amount);
        }
        if (debitOn === '2025-10-31' && consignor.code === '4621440001') {
          const right = t.debited[1];
          t.debited[1] += 5000;
          out.push(furikaeTrailer(t));
          info.controlIssues.push({ line: out.length, issue: `振替済金額: trailer ${t.debited[1]}, records ${right}` });
          info.expectedExceptionTypes = ['control_total_mismatch'];
          furikaeMismatchFile = rel;
          plants.push({ name: 'furikae_control_total_mismatch', description: `税の委託者グループのトレーラー振替済金額 ${t.debited[1]}円、振替済レコードの合計は ${right}円（5,000円多い）。データは全件取り込む`, expected: ['control_total_mismatch'], file: rel });
        } else {
          out.push(furikaeTrailer(t));
        }
      }
      out.push(furikaeEnd());
      info.records = out.length;
      info.groups = groups;
      write(rel, joinRecords(out, '\r\n'), info);
    }
    check(furikaeMismatchFile, 'a 口座振替 file for 2025-10-31');
  }

  // bank-counter/: the 指定金融機関's OCR data, one file a month.
  {
    const rows = payments.filter((p) => p.format === 'bank-counter').flatMap((p) => p.records.map((r) => ({ p, r })));
    for (const [month, items] of byMonth(rows, (x) => monthOf(x.p.paidOn))) {
      const arrive = arrivalAfter(month);
      const rel = `bank-counter/OCR_${ymd(arrive)}.csv`;
      const info = fileInfo(rel, 'bank-counter', arrive);
      items.sort((a, b) => cmp(a.p.paidOn, b.p.paidOn) || cmp(a.r.dataType, b.r.dataType) || cmp(a.p.bank!.bankCode, b.p.bank!.bankCode) || cmp(a.p.bank!.branchCode, b.p.bank!.branchCode) || cmp(a.p.billNumber!, b.p.billNumber!));
      const lines = [BANK_COUNTER_HEADER];
      for (const { p, r } of items) {
        lines.push(bankCounterCsvRow({ paidOn: p.paidOn, bankCode: p.bank!.bankCode, branchCode: p.bank!.branchCode, billNumber: p.billNumber!, amount: p.amount, transferOn: addBusinessDays(p.paidOn, 2), cancel: r.dataType === '1' ? '1' : '0' }));
        r.file = rel;
        r.line = lines.length;
        count(info, r.dataType, p.amount);
      }
      info.records = lines.length - 1;
      write(rel, iconv.encode(crlf(lines), 'cp932'), info);
    }
  }

  // qr-counter/ and city-cash/: the provider's 取引履歴 and the counter register, one file a month each.
  {
    const receipts = new Map<IsoDate, number>();
    for (const tx of [...qrTxs].sort((a, b) => cmp(`${a.on}${a.time}`, `${b.on}${b.time}`))) {
      const n = (receipts.get(tx.on) ?? 0) + 1;
      receipts.set(tx.on, n);
      tx.receipt = zeroPad(n, 4);
      if (tx.payment && tx.status === '取引完了') tx.payment.qr!.receipt = tx.receipt;
    }
    for (const [month, items] of byMonth(qrTxs, (t) => monthOf(t.on))) {
      const arrive = arrivalAfter(month);
      const rel = `qr-counter/PAYPAY_${ymd(arrive)}.csv`;
      const info = fileInfo(rel, 'qr-counter', arrive);
      items.sort((a, b) => cmp(`${a.on}${a.time}`, `${b.on}${b.time}`));
      const lines = [QR_COUNTER_HEADER];
      for (const tx of items) {
        const store = QR_STORES[tx.counter];
        lines.push(qrCounterCsvRow({ id: tx.id, ...QR_MERCHANT, ...store, status: tx.status, on: tx.on, time: tx.time, amount: tx.amount, receipt: tx.receipt, method: tx.method, merchantPaymentId: tx.merchantPaymentId }));
        tx.file = rel;
        tx.line = lines.length;
        if (tx.payment) {
          const r = tx.payment.records.find((x) => x.dataType === tx.status)!;
          r.file = rel;
          r.line = lines.length;
        }
        count(info, tx.status, tx.amount);
      }
      info.records = lines.length - 1;
      write(rel, iconv.encode(crlf(lines), 'cp932'), info);
    }
    const regLines: { row: RegisterRow; voids: boolean; at: string }[] = registerRows.flatMap((row) => [
      { row, voids: false, at: `${row.on}${row.time}` },
      ...(row.voidTime ? [{ row, voids: true, at: `${row.on}${row.voidTime}` }] : []),
    ]);
    const cashPayments = new Map(payments.filter((p) => p.register).map((p) => [p.register!, p]));
    for (const [month, items] of byMonth(regLines, (x) => monthOf(x.row.on))) {
      const arrive = arrivalAfter(month);
      const rel = `city-cash/MADOGUCHI_${ymd(arrive)}.csv`;
      const info = fileInfo(rel, 'city-cash', arrive);
      items.sort((a, b) => cmp(a.at, b.at) || cmp(a.row.receiptNo, b.row.receiptNo));
      const lines = [CITY_CASH_HEADER];
      for (const { row, voids } of items) {
        lines.push(cityCashCsvRow({ receiptNo: row.receiptNo, on: row.on, time: voids ? row.voidTime! : row.time, counter: row.counter, category: row.category, quantity: row.quantity, amount: row.amount, method: row.method, qrId: row.qrId, cancel: voids ? '1' : '0' }));
        row.file = rel;
        if (voids) row.voidLine = lines.length;
        else row.line = lines.length;
        const cash = cashPayments.get(row);
        if (cash && !voids) {
          cash.records[0].file = rel;
          cash.records[0].line = lines.length;
        }
        if (cash && voids) cash.records.push({ dataType: '取消区分1', day: row.on, file: rel, line: lines.length });
        count(info, voids ? '取消' : row.method, row.amount);
      }
      info.records = lines.length - 1;
      write(rel, iconv.encode(crlf(lines), 'cp932'), info);
    }
  }

  for (const p of [...payments, ...failedDebits]) for (const r of p.records) check(r.file && r.line, `record written: ${p.format} ${p.billNumber ?? p.qr?.txId ?? p.register?.receiptNo}`);

  // ------------------------------------------------------------ examples chosen among ordinary payments

  const ordinary = (pred: (p: Payment) => boolean) => payments.filter((p) => !p.caseName && p.bill && pred(p)).sort((a, b) => cmp(a.paidOn, b.paidOn) || a.id - b.id)[0];
  const examples: [string, string, Payment | undefined][] = [
    ['fy2025_zuiji_paid_april_2026', '令和7年度の随時調定（3月発行、納期限4月）を 2026年4月に期限内納付: 出納整理期間なので令和7年度に計上', ordinary((p) => p.bill!.fiscalYear === FY && p.paidOn >= '2026-04-01' && p.channel === 'bank_counter')],
    ['fy2025_zuiji_paid_april_2026_konbini', '令和7年度の随時調定（3月発行）を 2026年4月にコンビニで期限内納付（速報・確報）: 令和7年度に計上', ordinary((p) => p.bill!.fiscalYear === FY && p.paidOn >= '2026-04-01' && p.channel === 'convenience_store')],
    ['fy2026_bill_paid_may_2026', '令和8年度 軽自動車税を 2026年5月に納付: 令和8年度に計上（出納整理期間の納付でも調定が現年度）', ordinary((p) => p.bill!.fiscalYear === FY + 1 && p.bill!.category === '03' && p.paidOn >= '2026-05-01')],
    ['fy2026_debit_april_2026', '令和8年度 固定資産税第1期（納期限 2026-04-30）の口座振替: 令和8年度に計上', ordinary((p) => p.bill!.fiscalYear === FY + 1 && p.bill!.category === '02' && p.channel === 'direct_debit')],
    ['reduced_bill_paid_new_amount', '減額更正された調定を更正後の額（再発行納付書）で納付: 消込済', ordinary((p) => p.bill!.change?.kind === 'reduce')],
    ['eltax_bank_counter_means_01', 'eL-QR を金融機関窓口で現金納付（納付手段区分01）: eltax だがキャッシュレスではなく窓口', ordinary((p) => p.channel === 'eltax' && p.eltax!.means === '01')],
    ['post_office_12', '住宅使用料を郵便局窓口で納付（電算システムCSVの12）: bank_counter', ordinary((p) => p.konbini?.cvs.code === '911')],
  ];
  const exampleCases: Plant[] = [];
  for (const [name, described, p] of examples) {
    check(p, `an ordinary payment for ${name}`);
    p!.caseName = name;
    const b = p!.bill!;
    const description =
      name === 'reduced_bill_paid_new_amount'
        ? `${b.change!.on} の更新ファイルで減額更正（${b.originalAmount.toLocaleString('en-US')} → ${b.amount.toLocaleString('en-US')}円）された調定を ${p!.paidOn} に更正後の額で納付: 消込済`
        : name === 'post_office_12'
          ? `${b.category === '07' ? '住宅使用料' : '保育所利用料'}の納付書を郵便局窓口で納付（電算システムCSVの12、収納時刻 0000）: channel bank_counter、速報なしでも確報のみにしない`
          : described;
    exampleCases.push({ name, description, expected: [], payment: p });
  }
  for (const code of ['1', '2', '3', '4', '8', '9']) {
    const f = failedDebits.filter((p) => p.failedResult === code && !p.caseName).sort((a, b) => cmp(a.paidOn, b.paidOn) || a.id - b.id)[0];
    check(f, `a failed debit with code ${code}`);
    f.caseName = `failed_debit_${code}`;
    const label: Record<string, string> = { '1': '資金不足', '2': '取引なし', '3': '預金者の都合', '4': '依頼書なし', '8': '委託者の都合', '9': 'その他' };
    exampleCases.push({ name: f.caseName, description: `口座振替の振替不能（振替結果コード${code} ${label[code]}）: 納付ではない。調定は未納のまま（例外にしない）`, expected: [], payment: f });
  }

  // ------------------------------------------------------------ cases for the manifest

  const dataTypeOf = (p: Payment, r: Rec) => r.dataType;
  function paymentCase(pl: Plant): YearCase {
    const p = pl.payment!;
    const first = p.records[0];
    const b = p.bill;
    const paymentRef =
      p.konbini ? p.konbini.barcode : p.eltax ? p.eltax.receiptNo : p.card ? p.card.id : p.qr ? p.qr.txId : p.register ? p.register.receiptNo : null;
    return {
      case: pl.name,
      description: pl.description,
      file: first.file!,
      lines: p.records.filter((r) => r.file === first.file).map((r) => r.line!),
      records: p.records.map((r) => ({ file: r.file!, line: r.line!, dataType: dataTypeOf(p, r) })),
      billNumber: p.billNumber,
      payerId: b?.payerId ?? null,
      paymentRef,
      channel: p.channel,
      ...(p.eltax ? { meansCode: p.eltax.means } : {}),
      category: b?.category ?? p.register?.category,
      paidOn: p.paidOn,
      // As the November cases: HH:MM for the 収納代行 (収納時刻 has no seconds), HH:MM:SS where the format has them.
      paidTime: p.konbini ? (p.konbini.hhmm === '0000' ? null : `${p.konbini.hhmm.slice(0, 2)}:${p.konbini.hhmm.slice(2)}`) : p.time,
      paidAmount: p.amount,
      billAmount: b ? b.amount : null,
      dueDate: b?.dueDate ?? null,
      effectiveDueDate: b?.effectiveDue ?? null,
      fiscalYear: p.failedResult ? null : attributedFiscalYear(p.paidOn, b?.fiscalYear ?? null),
      ...(p.failedResult ? { notPayment: true as const } : {}),
      expectedExceptionTypes: pl.expected,
    };
  }
  for (const pl of [...plants.filter((x) => x.payment), ...exampleCases]) cases.push(paymentCase(pl));
  // Counter cases: keyed by 取引番号 or 受付番号 (billNumber null).
  for (const { plant: cp, row, payment, tx } of counterCases) {
    const records: { file: string; line: number; dataType: string }[] = [];
    if (row) records.push({ file: row.file!, line: row.line!, dataType: row.method });
    if (tx) records.push({ file: tx.file!, line: tx.line!, dataType: tx.status });
    const refund = tx ? qrTxs.find((t) => t.status === '返金完了' && t.merchantPaymentId === tx.id) : undefined;
    if (refund) records.push({ file: refund.file!, line: refund.line!, dataType: refund.status });
    if (row?.voidLine) records.push({ file: row.file!, line: row.voidLine, dataType: '取消区分1' });
    const ref = row?.method === '現金' ? row.receiptNo : (row?.qrId || tx?.id)!;
    cases.push({
      case: cp.name,
      description: cp.description,
      file: records[0].file,
      lines: records.filter((r) => r.file === records[0].file).map((r) => r.line),
      records,
      billNumber: null,
      payerId: null,
      paymentRef: ref,
      channel: row?.method === '現金' ? 'city_cash' : 'qr_counter',
      ...(row ? { category: row.category } : {}),
      paidOn: (row?.on ?? tx?.on)!,
      paidTime: tx?.time ?? row?.time ?? null,
      paidAmount: payment?.amount ?? row!.amount,
      billAmount: null,
      ...(cp.expected.includes('amount_short') || cp.expected.includes('amount_over') ? { expectedAmount: row!.amount } : {}),
      fiscalYear: payment ? attributedFiscalYear(payment.paidOn, null) : null,
      ...(payment ? {} : { notPayment: true as const }),
      expectedExceptionTypes: cp.expected,
    });
  }
  for (const pl of plants.filter((x) => x.file)) cases.push({ case: pl.name, description: pl.description, file: pl.file!, lines: files.find((f) => f.file === pl.file)!.controlIssues.map((i) => i.line!).filter(Boolean), billNumber: null, expectedExceptionTypes: pl.expected });

  // ------------------------------------------------------------ totals

  const byFiscalYear: Record<string, FiscalYearTotals> = {};
  const shutsuno = { previousYearBills: { count: 0, amount: 0, byChannel: {} as Record<string, ChannelSum> }, currentYearBills: { count: 0, amount: 0, byChannel: {} as Record<string, ChannelSum> }, counterNoBill: { count: 0, amount: 0 } };
  const cancelledByChannel: Record<string, number> = {};
  for (const p of payments) {
    if (p.cancelled) {
      cancelledByChannel[p.channel] = (cancelledByChannel[p.channel] ?? 0) + 1;
      continue;
    }
    const fy = attributedFiscalYear(p.paidOn, p.bill?.fiscalYear ?? null);
    addReceived((byFiscalYear[String(fy)] ??= emptyFiscalYearTotals()), p.channel, p.amount, p.eltax?.means ?? null);
    if (p.paidOn >= '2026-04-01' && p.paidOn <= '2026-05-31') {
      const bucket = !p.bill ? null : p.bill.fiscalYear < FY + 1 ? shutsuno.previousYearBills : shutsuno.currentYearBills;
      if (!bucket) {
        shutsuno.counterNoBill.count++;
        shutsuno.counterNoBill.amount += p.amount;
      } else {
        bucket.count++;
        bucket.amount += p.amount;
        const c = (bucket.byChannel[p.channel] ??= { count: 0, amount: 0 });
        c.count++;
        c.amount += p.amount;
      }
    }
  }
  for (const t of Object.values(byFiscalYear)) finishTotals(t);
  const failed = { count: failedDebits.length, amount: failedDebits.reduce((s, p) => s + p.amount, 0), byResultCode: {} as Record<string, number> };
  for (const p of failedDebits) failed.byResultCode[p.failedResult!] = (failed.byResultCode[p.failedResult!] ?? 0) + 1;
  failed.byResultCode = Object.fromEntries(Object.entries(failed.byResultCode).sort());
  const billsByFy: Record<string, number> = {};
  const billsByCategory: Record<string, number> = {};
  for (const b of bills) {
    billsByFy[b.fiscalYear] = (billsByFy[b.fiscalYear] ?? 0) + 1;
    billsByCategory[b.category] = (billsByCategory[b.category] ?? 0) + 1;
  }
  const debitsAll = payments.filter((p) => p.channel === 'direct_debit').length + failedDebits.length;
  const totals = {
    window: { from: WINDOW_FROM, to: WINDOW_TO, shutsunoSeiri: ['2026-04-01', '2026-05-31'] },
    bills: {
      distinct: bills.length,
      rows: files.filter((f) => f.format === 'bills').reduce((s, f) => s + f.records, 0),
      byFiscalYear: billsByFy,
      byCategory: Object.fromEntries(Object.entries(billsByCategory).sort()),
      reduced: bills.filter((b) => b.change?.kind === 'reduce').length,
      cancelled: bills.filter((b) => b.change?.kind === 'cancel').length,
      novemberArrearsCarried: novemberArrears.length,
      paid: bills.filter((b) => b.paid).length,
    },
    payments: {
      received: payments.filter((p) => !p.cancelled).length,
      receivedAmount: payments.filter((p) => !p.cancelled).reduce((s, p) => s + p.amount, 0),
      cancelled: payments.filter((p) => p.cancelled).length,
      cancelledByChannel: Object.fromEntries(Object.entries(cancelledByChannel).sort()),
    },
    shutsunoSeiri: shutsuno,
    directDebit: { records: debitsAll, debited: debitsAll - failedDebits.length, failed },
    counter: {
      registerRows: registerRows.length,
      registerVoids: registerRows.filter((r) => r.voidTime).length,
      cashRows: registerRows.filter((r) => r.method === '現金').length,
      qrRows: registerRows.filter((r) => r.method === 'QR').length,
      qrTransactions: Object.fromEntries(['取引完了', '返金完了', '取引失敗'].map((s) => [s, qrTxs.filter((t) => t.status === s).length])),
      qrRowsWithoutTransaction: registerRows.filter((r) => r.method === 'QR' && !qrTxs.some((t) => t.id === r.qrId)).length,
    },
  };

  // ------------------------------------------------------------ README section

  const yen = (n: number) => n.toLocaleString('en-US');
  const fyLine = (fy: string) => {
    const t = byFiscalYear[fy];
    if (!t) return `- FY${fy}: none`;
    const ch = Object.entries(t.byContractChannel)
      .map(([c, v]) => `${c} ${v.count} (${yen(v.amount)})`)
      .join(', ');
    const means = Object.entries(t.eltaxByMeans)
      .map(([m, v]) => `${m}×${v.count}`)
      .join(' ');
    return `- FY${fy}: ${t.received} payments, ${yen(t.receivedAmount)} yen — ${ch}${means ? `; eltax by 納付手段 ${means}` : ''}. Cashless ${t.cashless.count} (${(t.cashless.shareByCount * 100).toFixed(1)}% by count, ${(t.cashless.shareByAmount * 100).toFixed(1)}% by amount).`;
  };
  const readme = `## The fiscal year: FY2025 (令和7年度) and its 出納整理期間
Written by \`samples/year.ts\` (seed ${SEED}), after the November month: payments from ${WINDOW_FROM} to ${WINDOW_TO}.

- **Population**: ${payers.length} 宛名番号 (a city of ~13,000 people), ${notices.length} notices; ${bills.length} distinct bills
  (${Object.entries(billsByFy).map(([y, n]) => `FY${y}: ${n}`).join(', ')}) in ${files.filter((f) => f.format === 'bills').length} bills files.
- **Bills** (\`bills/\`): \`choutei_20250401.csv\` is the full set of 2025-04-01 (FY2025 固定資産税 4期 4/30, 7/31, 12/25, 2/28;
  住宅使用料 and 保育所利用料 12期; ${billsByFy['2024']} open FY2024 bills, 滞納繰越, never paid except planted arrears). Updates:
  軽自動車税 (5/31) on 2025-05-01, 市県民税 (4期 6/30, 8/31, 10/31, 1/31) and 国保税 (10期 June–March) on 2025-06-10,
  介護保険料 (8期) and 後期高齢者医療保険料 (9期) on 2025-07-10; every first business day of a month new 随時 bills (期別 00:
  生活環境課手数料 and 市民課証明交付手数料, due 3–5 weeks later), mid-year 国保 notices, ${totals.bills.reduced} 減額更正 (paid, if at all, after
  the update at the new amount) and ${totals.bills.cancelled} 取消 (never paid). FY2026 固定資産税・住宅使用料・保育所利用料 come on 2026-04-01,
  FY2026 軽自動車税 on 2026-05-01. The November scenario's ${novemberArrears.length} FY2025 bills (its 滞納繰越分) are here with the same
  number, amount and 納期限, unpaid all year (some with a failed 口座振替).
- **Channels**: a notice has a habit (口座振替 8–30% by category; else bank counter, convenience store, app, eL-QR for
  the taxes 01–04), a payer now and then pays another way, card payments (科目 01–06) from ${CARD_LAUNCH}. Payments fall between
  the notice and the effective 納期限 (mostly in its last two weeks); 固定資産税 and 市県民税 payers often pay every
  installment at once (全期前納). Bank counters and eL-QR 納付手段 01 only on business days; 口座振替 on the effective 納期限.
  The 市民課 and 生活環境課 counters take certificate fees (科目 10: 300, 450, 750 yen × 件数) and 科目 09 fees, in cash
  or by PayPay (6% → 14% of rows over the window); every QR row of the register has its 取引完了 with the same 取引番号
  and amount, except the planted ones.
- **Files**: \`konbini/SYUNO_<arrival>.dat\` one a month (a header/trailer group per delivery day; 速報 in the group of the
  収納日 or the next business day, 確報 1–3 delivery days later), the last one (June 2026) with the 確報 of late May;
  \`konbini-csv/DSK_<arrival>.csv\` likewise for 住宅使用料/保育所利用料 (plus 郵便振替 \`12\`); \`eltax/ELTAX_<arrival>.csv\`,
  \`bank-counter/OCR_<arrival>.csv\`, \`credit-card/CARD_<arrival>.csv\`, \`qr-counter/PAYPAY_<arrival>.csv\`,
  \`city-cash/MADOGUCHI_<arrival>.csv\` one a month (arrival = first business day after the month);
  \`zengin-furikae/FURIKAE_<arrival>.dat\` one per 引落日, arriving two business days after it (the header carries 引落日 as
  MMDD only: it resolves against the arrival date, so import these with \`--received-on\` = the date in the name).
  All CP932 and CRLF except \`eltax/ELTAX_20251001.csv\` (UTF-8 with BOM).

### Expected results of the fiscal year
Received payments as the report counts them (once, by channel; cancelled ones, failed debits and QR register rows
excluded; eLTAX by 納付手段; fiscal year by the 出納整理期間 rule):
${['2024', '2025', '2026'].map(fyLine).join('\n')}

FY2026 above counts the FY2026 bills paid in April–May 2026 and the counter in April–May 2026 only; the November
month adds to it (see the totals below). 出納整理期間 (2026-04-01 … 05-31): ${shutsuno.previousYearBills.count} payments of earlier
years' bills (${yen(shutsuno.previousYearBills.amount)} yen, counted in FY2025), ${shutsuno.currentYearBills.count} of FY2026 bills
(${yen(shutsuno.currentYearBills.amount)} yen) and ${shutsuno.counterNoBill.count} counter payments (${yen(shutsuno.counterNoBill.amount)} yen), both counted in FY2026.
口座振替: ${debitsAll} debits, ${failed.count} failed (${Object.entries(failed.byResultCode).map(([c, n]) => `code ${c}×${n}`).join(', ')}; ${yen(failed.amount)} yen, not payments).
Cancelled: ${totals.payments.cancelled} (${Object.entries(cancelledByChannel).map(([c, n]) => `${c} ${n}`).join(', ')}).
Counter register: ${totals.counter.registerRows} rows (${totals.counter.cashRows} cash, ${totals.counter.qrRows} QR, ${totals.counter.registerVoids} voided); QR 取引完了 ${totals.counter.qrTransactions['取引完了']}, 返金完了 ${totals.counter.qrTransactions['返金完了']}, 取引失敗 ${totals.counter.qrTransactions['取引失敗']}.
`;

  return { files, cases, totals, byFiscalYear, readme };
}
