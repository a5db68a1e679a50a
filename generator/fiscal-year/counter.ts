import { addCalendarDays, calendarDaysBetween, isBankHoliday, type IsoDate } from '../../src/common/calendar';
import { ymd, yymmdd, zeroPad } from '../layouts';
import { cmp } from '../output';
import { randInt, weighted } from '../random';
import { counterPayment, officeTime } from './channels';
import { CERTIFICATES, ENVIRONMENT_FEES, WINDOW_FROM, WINDOW_TO } from './facts';
import type { CounterPlant, Payment, QrTx, RegisterRow, YearContext } from './model';

/**
 * Step 6, the counter: the 市民課 and 生活環境課 counters take certificate fees and 科目 09 fees, in cash or by PayPay,
 * every business day of the window. Each row goes into the register (city-cash); each QR row has its
 * transaction at the provider (qr-counter) with the same 取引番号 and amount, except the planted ones.
 */
export function drawCounter(ctx: YearContext): void {
  const qrSeq = new Map<IsoDate, number>();
  for (let day = WINDOW_FROM; day <= WINDOW_TO; day = addCalendarDays(day, 1)) {
    if (isBankHoliday(day)) continue;
    const rows = drawRegisterDay(ctx, day);
    let seq = 0;
    for (const { row, plant } of rows) {
      if (!plant?.row.omitted) row.receiptNo = ymd(day) + zeroPad(++seq, 4);
      settleRow(ctx, row, plant, qrSeq);
    }
  }
}

/** Planted counter rows by day (a row `omitted` from the register: its transaction has no row). */
const COUNTER_PLANTS = new Map<IsoDate, CounterPlant[]>([
  [
    '2025-06-18',
    [
      {
        name: 'cash_voided',
        expected: ['cancelled_payment'],
        description: '現金の窓口収納（除籍 750円）を取消区分1の行（同じ受付番号）が取り消す',
        row: { time: '11:20:05', counter: '01', category: '10', quantity: 1, amount: 750, method: '現金' },
        voidAfter: 340,
      },
    ],
  ],
  [
    '2025-10-15',
    [
      {
        name: 'qr_refunded_and_voided',
        expected: ['cancelled_payment'],
        description:
          '窓口QR決済（住民票2通 600円）を返金（返金完了、加盟店決済ID = 元の取引番号）し、日計の行も取消区分1で取り消す: 取消は1件',
        row: { time: '10:21:02', counter: '01', category: '10', quantity: 2, amount: 600, method: 'QR' },
        tx: { amount: 600, delay: 31, refundAfter: 809 },
        voidAfter: 878,
      },
    ],
  ],
  [
    '2025-11-12',
    [
      {
        name: 'qr_unknown_transaction',
        expected: ['unknown_bill'],
        description: '事業者の取引完了（戸籍 450円）に対応する日計の行がない（入力漏れ）: 該当なし',
        tx: { amount: 450, delay: 0 },
        row: { time: '14:02:10', counter: '01', category: '10', quantity: 1, amount: 450, method: 'QR', omitted: true },
      },
    ],
  ],
  [
    '2025-12-03',
    [
      {
        name: 'qr_preliminary_only',
        expected: ['preliminary_only'],
        description:
          '日計のQR行（印鑑登録証明 300円）の取引が事業者データに来ない。後のファイルには10営業日を超えて後の取引がある: 速報のみ',
        row: { time: '15:40:44', counter: '01', category: '10', quantity: 1, amount: 300, method: 'QR' },
        tx: { amount: null, delay: 0 },
      },
    ],
  ],
  [
    '2026-01-20',
    [
      {
        name: 'qr_amount_short',
        expected: ['amount_short'],
        description: '日計のQR行は住民票3通 900円、事業者の取引完了は 600円: 過少（期待額は日計の金額）',
        row: { time: '09:48:15', counter: '01', category: '10', quantity: 3, amount: 900, method: 'QR' },
        tx: { amount: 600, delay: 24 },
      },
    ],
  ],
  [
    '2026-02-10',
    [
      {
        name: 'qr_amount_over',
        expected: ['amount_over'],
        description: '日計のQR行は 300円、事業者の取引完了は 750円（誤入力）: 過大',
        row: { time: '13:05:51', counter: '01', category: '10', quantity: 1, amount: 300, method: 'QR' },
        tx: { amount: 750, delay: 19 },
      },
    ],
  ],
]);

interface DayRow {
  row: RegisterRow;
  plant?: CounterPlant;
}

const weekday = (day: IsoDate) => new Date(`${day}T00:00:00Z`).getUTCDay();

/** A day's rows in time order: ~38 (more on Mondays, after holidays and in March–April), the planted ones among them. */
function drawRegisterDay(ctx: YearContext, day: IsoDate): DayRow[] {
  const { rng } = ctx;
  const month = Number(day.slice(5, 7));
  const afterHoliday = isBankHoliday(addCalendarDays(day, -1)) && weekday(day) !== 1;
  const monday = weekday(day) === 1;
  let n = 38 + randInt(rng, -7, 7) + (monday || afterHoliday ? 8 : 0) + (month === 3 || month === 4 ? 10 : 0);
  // The QR share grows through the year as the counter advertises it.
  const qrShare = 0.06 + (0.08 * calendarDaysBetween(WINDOW_FROM, day)) / calendarDaysBetween(WINDOW_FROM, WINDOW_TO);
  const rows: DayRow[] = [];
  while (n-- > 0) {
    const env = rng() < 0.11;
    const counter = env ? '02' : '01';
    const unit = weighted(rng, env ? ENVIRONMENT_FEES : CERTIFICATES);
    const quantity = env
      ? 1
      : weighted(rng, [
          [1, 60],
          [2, 25],
          [3, 10],
          [4, 3],
          [5, 2],
        ] as const);
    const method = rng() < (env ? qrShare / 2 : qrShare) ? 'QR' : '現金';
    const time = officeTime(ctx, 8, 16);
    rows.push({ row: { ...newRow(day, time), counter, category: env ? '09' : '10', quantity, amount: unit * quantity, method } });
  }
  for (const plant of COUNTER_PLANTS.get(day) ?? []) {
    const { time, counter, category, quantity, amount, method } = plant.row;
    rows.push({ row: { ...newRow(day, time), counter, category, quantity, amount, method, caseName: plant.name }, plant });
  }
  return rows.sort((a, b) => cmp(a.row.time, b.row.time));
}

function newRow(on: IsoDate, time: string): Omit<RegisterRow, 'counter' | 'category' | 'quantity' | 'amount' | 'method'> {
  return { receiptNo: '', on, time, qrId: '', voidTime: null };
}

/** The row's payment: cash, or a QR transaction (now and then after a failed attempt), refunded or voided if planted so. */
function settleRow(ctx: YearContext, row: RegisterRow, plant: CounterPlant | undefined, qrSeq: Map<IsoDate, number>): void {
  const payment = row.method === 'QR' ? settleByQr(ctx, row, plant, qrSeq) : { payment: cashPayment(ctx, row), tx: null };
  if (plant?.voidAfter) {
    row.voidTime = addSeconds(row.time, plant.voidAfter);
    if (row.method === '現金') payment.payment!.cancelled = true;
  }
  if (!plant?.row.omitted) ctx.registerRows.push(row);
  if (plant) {
    if (payment.payment) payment.payment.caseName = plant.name;
    ctx.counterCases.push({ plant, row: plant.row.omitted ? null : row, payment: payment.payment, tx: payment.tx });
  }
}

function cashPayment(ctx: YearContext, row: RegisterRow): Payment {
  const { amount, on, time } = row;
  const records = [{ dataType: '現金', day: on }];
  return counterPayment(ctx, { channel: 'city_cash', format: 'city-cash', amount, paidOn: on, time, records, register: row });
}

function settleByQr(
  ctx: YearContext,
  row: RegisterRow,
  plant: CounterPlant | undefined,
  qrSeq: Map<IsoDate, number>,
): { payment: Payment | null; tx: QrTx | null } {
  const { rng } = ctx;
  const day = row.on;
  const nextId = () => qrId(ctx, qrSeq, day);
  const txAmount = plant?.tx ? plant.tx.amount : row.amount;
  const base = { on: day, counter: row.counter, receipt: '', merchantPaymentId: '', payment: null };
  if (!plant && rng() < 0.02) {
    // A first attempt that failed (残高不足): no money, a new 取引番号 for the retry.
    const id = nextId();
    ctx.qrTxs.push({ ...base, id, time: addSeconds(row.time, 8), status: '取引失敗', amount: row.amount, method: qrMethod(ctx) });
  }
  const id = nextId();
  row.qrId = id;
  if (txAmount === null) return { payment: null, tx: null };
  const time = addSeconds(row.time, plant?.tx ? plant.tx.delay : randInt(rng, 12, 50));
  const tx: QrTx = { ...base, id, time, status: '取引完了', amount: txAmount, method: qrMethod(ctx) };
  const qr = { txId: id, counter: row.counter, receipt: '', method: tx.method };
  const payment = counterPayment(ctx, {
    channel: 'qr_counter',
    format: 'qr-counter',
    amount: txAmount,
    paidOn: day,
    time: tx.time,
    records: [{ dataType: '取引完了', day }],
    qr,
  });
  tx.payment = payment;
  ctx.qrTxs.push(tx);
  if (plant?.tx?.refundAfter) {
    const refundId = nextId();
    const refundTime = addSeconds(row.time, plant.tx.refundAfter);
    const refund = { id: refundId, time: refundTime, status: '返金完了' as const, amount: -txAmount, method: tx.method };
    ctx.qrTxs.push({ ...base, ...refund, merchantPaymentId: id, payment });
    payment.cancelled = true;
    payment.qr!.refundId = refundId;
    payment.records.push({ dataType: '返金完了', day });
  }
  return { payment, tx };
}

/** 取引番号: `04` + YYMMDD + the day's running number + 8 random digits. */
function qrId(ctx: YearContext, qrSeq: Map<IsoDate, number>, on: IsoDate): string {
  const n = (qrSeq.get(on) ?? 0) + 1;
  qrSeq.set(on, n);
  return '04' + yymmdd(on) + zeroPad(n, 4) + zeroPad(randInt(ctx.rng, 0, 99999999), 8);
}

function qrMethod(ctx: YearContext): string {
  return weighted(ctx.rng, [
    ['PayPay残高', 80],
    ['PayPayカード', 15],
    ['PayPayあと払い', 5],
  ] as const);
}

function addSeconds(hhmmss: string, s: number): string {
  const [h, m, sec] = hhmmss.split(':').map(Number);
  const total = h * 3600 + m * 60 + sec + s;
  return `${zeroPad(Math.floor(total / 3600), 2)}:${zeroPad(Math.floor((total % 3600) / 60), 2)}:${zeroPad(total % 60, 2)}`;
}
