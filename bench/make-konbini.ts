/**
 * Benchmark input: one valid `konbini` file (120-byte records, CP932, CRLF) holding N payments, each
 * as a 速報 (01) **and** its 確報 (02) — so 2N data records, all 速報 first, then all 確報 — in one
 * group with a correct trailer and end record; and, with --bills, the 調定 CSV that those payments
 * settle exactly and on time (N bills, CP932, CRLF). Matching both should raise no exception.
 *
 *   npx ts-node --transpile-only bench/make-konbini.ts --payments 200000 --out bench/out/konbini-200k.dat \
 *     [--bills bench/out/bills-200k.csv [--bill-count N]] [--csv bench/out/konbini-200k.csv] [--seed 1]
 *
 * Streams: every payment is derived from its index alone, so the file is written in chunks and no
 * more than one chunk is ever held in memory, whatever N. The same arguments give the same bytes.
 * 総レコード数 has 6 digits, so one file holds at most 499,998 payments (2N + 3 records ≤ 999,999).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import * as iconv from 'iconv-lite';
import {
  BILLS_COLUMNS,
  KonbiniTotals,
  barcode,
  billNumber,
  billsCsvRow,
  konbiniData,
  konbiniEnd,
  konbiniHeader,
  konbiniTrailer,
  ymd,
  zeroPad,
  type KonbiniDataType,
} from '../generator/layouts';
import { MAIN_AGENT, MUNICIPALITY_CODE } from '../generator/city';
import { mulberry32, pick, randInt } from '../generator/random';

const CREATED_ON = '2026-11-25';
const TRANSFER_ON = '2026-11-30';
const DUE = '2026-11-30';
const PAY_LIMIT = '2026-12-31';
const MAX_PAYMENTS = 499_998;
const CHUNK_RECORDS = 2_000;
const CATEGORIES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'];
const DAYS = [
  '2026-11-02',
  '2026-11-04',
  '2026-11-05',
  '2026-11-06',
  '2026-11-09',
  '2026-11-10',
  '2026-11-11',
  '2026-11-12',
  '2026-11-13',
  '2026-11-16',
  '2026-11-17',
  '2026-11-18',
  '2026-11-19',
  '2026-11-20',
];
const PLACES = [
  { cvs: '010', store: '0192045' },
  { cvs: '010', store: '0318825' },
  { cvs: '020', store: '0419005' },
  { cvs: '030', store: '0614284' },
  { cvs: '030', store: '0700131' },
  { cvs: '080', store: '0250117' },
  { cvs: '820', store: '0000000' },
  { cvs: '800', store: '0000000' },
  { cvs: '780', store: '0000000' },
];

interface BenchPayment {
  billNumber: string;
  category: string;
  payerId: string;
  amount: number;
  paidOn: string;
  paidTime: string;
  cvs: string;
  store: string;
  barcode: string;
}

/** Payment i, from i and the seed alone (nothing is remembered between calls). */
function payment(i: number, seed: number): BenchPayment {
  const rng = mulberry32((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);
  const category = CATEGORIES[i % CATEGORIES.length];
  const number = billNumber(category, 2026, category === '09' ? '00' : '05', Math.floor(i / CATEGORIES.length) + 1);
  const amount = randInt(rng, 10, 3000) * 100;
  const place = pick(rng, PLACES);
  return {
    billNumber: number,
    category,
    payerId: zeroPad(1_000_000 + Math.floor(i / 3), 10),
    amount,
    paidOn: pick(rng, DAYS),
    paidTime: zeroPad(randInt(rng, 7, 22), 2) + zeroPad(randInt(rng, 0, 59), 2),
    cvs: place.cvs,
    store: place.store,
    barcode: barcode({
      companyCode: MAIN_AGENT.company,
      clientCode: MAIN_AGENT.client,
      billNumber: number,
      reissue: '0',
      payLimit: PAY_LIMIT,
      amount,
    }),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: make-konbini.ts --payments N [--out FILE] [--csv FILE] [--bills FILE [--bill-count N]] [--seed S]\n`,
  );
  process.exit(2);
}

/** A write stream that takes buffers and waits for drain, so memory stays flat. */
class ChunkedWriter {
  private readonly stream: fs.WriteStream;
  private pending: Buffer[] = [];
  bytes = 0;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.stream = fs.createWriteStream(file);
  }

  async push(buf: Buffer): Promise<void> {
    this.pending.push(buf);
    if (this.pending.length >= CHUNK_RECORDS) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const chunk = Buffer.concat(this.pending);
    this.pending = [];
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
  }
}

const CRLF = Buffer.from('\r\n');

async function writeKonbini(file: string, n: number, seed: number): Promise<{ records: number; bytes: number }> {
  const out = new ChunkedWriter(file);
  let records = 0;
  const put = async (rec: Buffer) => {
    records++;
    await out.push(Buffer.concat([rec, CRLF]));
  };
  const agent = { agentCode: MAIN_AGENT.agentCode, clientCode: MAIN_AGENT.client, clientName: MAIN_AGENT.name };
  await put(konbiniHeader({ createdOn: CREATED_ON, ...agent, municipalityCode: MUNICIPALITY_CODE }));
  const totals = new KonbiniTotals();
  for (const dataType of ['01', '02'] as KonbiniDataType[]) {
    for (let i = 0; i < n; i++) {
      const p = payment(i, seed);
      totals.add(dataType, p.amount);
      await put(
        konbiniData({
          dataType,
          paidYmd: ymd(p.paidOn),
          paidTime: p.paidTime,
          barcode: p.barcode,
          storeCode: p.store,
          segment: p.store === '0000000' ? '00' : '21',
          acquiredOn: p.paidOn,
          transferOn: dataType === '02' ? TRANSFER_ON : null,
          accountingOn: CREATED_ON,
          cvsCode: p.cvs,
        }),
      );
    }
  }
  await put(konbiniTrailer(totals));
  await put(konbiniEnd(records + 1));
  await out.close();
  return { records, bytes: out.bytes };
}

async function writeBills(file: string, n: number, seed: number): Promise<{ rows: number; bytes: number }> {
  const out = new ChunkedWriter(file);
  const line = (text: string) => iconv.encode(text + '\r\n', 'cp932');
  await out.push(line(BILLS_COLUMNS.join(',')));
  for (let i = 0; i < n; i++) {
    const p = payment(i, seed);
    await out.push(
      line(
        billsCsvRow({
          municipalityCode: MUNICIPALITY_CODE,
          billNumber: p.billNumber,
          category: p.category,
          fiscalYear: 2026,
          installment: p.billNumber.slice(4, 6),
          dueDate: DUE,
          amount: p.amount,
          payerId: p.payerId,
          status: '有効',
          updatedOn: '2026-06-10',
        }),
      ),
    );
  }
  await out.close();
  return { rows: n, bytes: out.bytes };
}

/**
 * The bench's bare pipeline input: the same records as the konbini file, decoded, one CSV line each
 * (UTF-8, LF): kind (01 速報, 02 確報), bill number, amount, paid on, paid time, store, barcode.
 */
async function writeDecodedCsv(file: string, n: number, seed: number): Promise<void> {
  const out = new ChunkedWriter(file);
  for (const kind of ['01', '02']) {
    for (let i = 0; i < n; i++) {
      const p = payment(i, seed);
      await out.push(Buffer.from(`${kind},${p.billNumber},${p.amount},${p.paidOn},${p.paidTime},${p.store},${p.barcode}\n`));
    }
  }
  await out.close();
}

async function main(): Promise<void> {
  const n = Number(arg('payments'));
  const outFile = arg('out');
  const billsFile = arg('bills');
  const csvFile = arg('csv');
  const billCount = Number(arg('bill-count') ?? n);
  const seed = Number(arg('seed') ?? 1);
  if (!Number.isInteger(n) || n < 1) usage('--payments must be a positive integer');
  if (outFile && n > MAX_PAYMENTS)
    usage(`--payments ${n}: one konbini file holds at most ${MAX_PAYMENTS} payments (総レコード数 has 6 digits)`);
  if (!outFile && !billsFile) usage('--out or --bills is required');
  if (!Number.isInteger(seed)) usage('--seed must be an integer');
  const started = Date.now();
  if (outFile) {
    const k = await writeKonbini(outFile, n, seed);
    process.stderr.write(`${outFile}: ${n} payments, ${k.records} records (${2 * n} data), ${k.bytes} bytes\n`);
  }
  if (csvFile) await writeDecodedCsv(csvFile, n, seed);
  if (billsFile) {
    const b = await writeBills(billsFile, billCount, seed);
    process.stderr.write(`${billsFile}: ${b.rows} bills, ${b.bytes} bytes\n`);
  }
  process.stderr.write(`done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
