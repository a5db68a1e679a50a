import { addBusinessDays, businessDayOnOrAfter, type IsoDate } from '../../src/common/calendar';
import { MAIN_AGENT, SECOND_AGENT, SECOND_AGENT_CATEGORIES } from '../city';
import { barcode, zeroPad } from '../layouts';
import { pick, randInt, weighted } from '../random';
import { CVS, openStores, storePlace, storeTime, type Store } from '../stores';
import { BANKS, CONSIGNORS } from './facts';
import type { Account, Bill, Payment, YearContext } from './model';

/**
 * The payment of a bill through each channel, with the records its files will carry: one builder a channel,
 * each drawing what the channel's records need (store and time, 確認番号, bank branch, card brand…).
 */

/** Step 3: the stores' codes (drawn after the bills, so adding bills before here changes them). */
export function openYearStores(ctx: YearContext): void {
  ctx.stores = openStores(ctx.rng);
}

type NewPayment = Omit<Payment, 'id' | 'cancelled' | 'failedResult' | 'records'> &
  Partial<Pick<Payment, 'cancelled' | 'failedResult' | 'records'>>;

/** Numbers the payment (ties in the files' order fall back on it) and marks its bill paid, unless a debit failed. */
function newPayment(ctx: YearContext, p: NewPayment): Payment {
  const out: Payment = { id: ++ctx.lastPaymentId, cancelled: false, failedResult: null, records: [], ...p };
  (out.failedResult ? ctx.failedDebits : ctx.payments).push(out);
  if (out.bill && !out.failedResult) out.bill.paid = true;
  return out;
}

/** HH:MM:SS between fromHour:00:00 and toHour:59:59. */
export function officeTime(ctx: YearContext, fromHour = 9, toHour = 16): string {
  const { rng } = ctx;
  return `${zeroPad(randInt(rng, fromHour, toHour), 2)}:${zeroPad(randInt(rng, 0, 59), 2)}:${zeroPad(randInt(rng, 0, 59), 2)}`;
}

export interface KonbiniOptions {
  hhmm?: string;
  place?: Store;
  amount?: number;
  slip?: { reissue: string; payLimit: IsoDate };
  confirm?: IsoDate;
}

/**
 * A slip paid at a store or by app: 速報 in the 収納代行's file of the 収納日 (weekend payments in the next business
 * day's), 確報 1–3 files later.
 */
export function konbiniPayment(ctx: YearContext, bill: Bill, paidOn: IsoDate, app: boolean, opts: KonbiniOptions = {}): Payment {
  const { rng } = ctx;
  const agent = SECOND_AGENT_CATEGORIES.has(bill.category) ? 'B' : 'A';
  const place = opts.place ?? storePlace(rng, ctx.stores, agent, app);
  const hhmm = opts.hhmm ?? storeTime(rng, app);
  const amount = opts.amount ?? bill.amount;
  const code = barcode({
    companyCode: agent === 'A' ? MAIN_AGENT.company : SECOND_AGENT.company,
    clientCode: agent === 'A' ? MAIN_AGENT.client : SECOND_AGENT.client,
    billNumber: bill.billNumber,
    reissue: opts.slip?.reissue ?? bill.reissue,
    payLimit: opts.slip?.payLimit ?? bill.payLimit,
    amount,
  });
  const speed = businessDayOnOrAfter(paidOn);
  return newPayment(ctx, {
    channel: place.cvs.channel,
    format: agent === 'A' ? 'konbini' : 'konbini-csv',
    bill,
    billNumber: bill.billNumber,
    amount,
    paidOn,
    time: `${hhmm.slice(0, 2)}:${hhmm.slice(2)}:00`,
    records: [
      { dataType: '01', day: speed },
      {
        dataType: '02',
        day:
          opts.confirm ??
          addBusinessDays(
            speed,
            weighted(rng, [
              [1, 6],
              [2, 3],
              [3, 1],
            ] as const),
          ),
      },
    ],
    konbini: { agent, barcode: code, cvs: place.cvs, storeCode: place.code, segment: app ? '00' : zeroPad(randInt(rng, 10, 59), 2), hhmm },
  });
}

/** A second-収納代行 slip paid at a post office counter: a 郵便振替 row (12) two business days later. */
export function postOfficePayment(ctx: YearContext, bill: Bill, paidOn: IsoDate): Payment {
  const slip = { companyCode: SECOND_AGENT.company, clientCode: SECOND_AGENT.client, reissue: bill.reissue, payLimit: bill.payLimit };
  const code = barcode({ ...slip, billNumber: bill.billNumber, amount: bill.amount });
  return newPayment(ctx, {
    channel: 'bank_counter',
    format: 'konbini-csv',
    bill,
    billNumber: bill.billNumber,
    amount: bill.amount,
    paidOn,
    time: null,
    records: [{ dataType: '12', day: addBusinessDays(paidOn, 2) }],
    konbini: {
      agent: 'B',
      barcode: code,
      cvs: CVS.postCounter,
      storeCode: zeroPad(randInt(ctx.rng, 91001, 91099), 6),
      segment: '00',
      hhmm: '0000',
    },
  });
}

/** 納付手段区分 of eL-QR payments and their weights. */
export const ELTAX_MEANS: [string, number][] = [
  ['01', 38],
  ['02', 6],
  ['03', 27],
  ['04', 3],
  ['05', 19],
  ['06', 7],
];

/** 決済事業者名 as eLTAX names the one who took the payment. */
function eltaxCompany(ctx: YearContext, means: string): string {
  switch (means) {
    case '01':
      return weighted(
        ctx.rng,
        BANKS.map((b) => [b.kanji, b.weight] as const),
      );
    case '02':
      return 'ペイジー（ATM）';
    case '03':
      return 'ペイジー（インターネットバンキング）';
    case '04':
      return 'ダイレクト納付';
    case '05':
      return 'ＧＭＯペイメントゲートウェイ';
    default:
      return pick(ctx.rng, ['PayPay', 'au PAY', 'd払い', '楽天ペイ']);
  }
}

/** An eL-QR payment: one row, データ作成日 the next business day (its 受付番号 is given when the files are written). */
export function eltaxPayment(ctx: YearContext, bill: Bill, paidOn: IsoDate, means: string): Payment {
  return newPayment(ctx, {
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
      company: eltaxCompany(ctx, means),
      confirmation: zeroPad(randInt(ctx.rng, 100000, 999999), 6),
      createdOn: addBusinessDays(paidOn, 1),
      depositOn: addBusinessDays(paidOn, 4),
      receiptNo: '',
    },
  });
}

/** A slip paid at a bank counter: a row of the 指定金融機関's OCR data. */
export function bankPayment(ctx: YearContext, bill: Bill, paidOn: IsoDate, amount = bill.amount): Payment {
  const bank = weighted(
    ctx.rng,
    BANKS.map((b) => [b, b.weight] as const),
  );
  return newPayment(ctx, {
    channel: 'bank_counter',
    format: 'bank-counter',
    bill,
    billNumber: bill.billNumber,
    amount,
    paidOn,
    time: null,
    records: [{ dataType: '0', day: paidOn }],
    bank: { bankCode: bank.code, branchCode: pick(ctx.rng, bank.branches)[0] },
  });
}

/** A 公金クレジット収納 sale (its 決済ID is given when the files are written). */
export function cardPayment(ctx: YearContext, bill: Bill, paidOn: IsoDate, time = officeTime(ctx, 0, 23)): Payment {
  return newPayment(ctx, {
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
      brand: weighted(ctx.rng, [
        ['VISA', 45],
        ['Mastercard', 25],
        ['JCB', 25],
        ['AMEX', 3],
        ['Diners', 2],
      ] as const),
      last4: zeroPad(randInt(ctx.rng, 0, 9999), 4),
      fee: Math.floor((bill.amount * 83 + 9999) / 10000),
    },
  });
}

/** A 口座振替 on the effective 納期限: result 0 is a payment, any other result a failed debit (not a payment). */
export function debitPayment(ctx: YearContext, bill: Bill, account: Account, result: string): Payment {
  return newPayment(ctx, {
    channel: 'direct_debit',
    format: 'zengin-furikae',
    bill,
    billNumber: bill.billNumber,
    amount: bill.amount,
    paidOn: bill.effectiveDue,
    time: null,
    failedResult: result === '0' ? null : result,
    records: [{ dataType: result, day: bill.effectiveDue }],
    debit: { account, consignor: CONSIGNORS.find((c) => c.categories.includes(bill.category))! },
  });
}

/** A counter payment (register cash row or QR transaction): no bill, keyed by 受付番号 or 取引番号. */
export function counterPayment(ctx: YearContext, p: Omit<NewPayment, 'bill' | 'billNumber'>): Payment {
  return newPayment(ctx, { bill: null, billNumber: null, ...p });
}
