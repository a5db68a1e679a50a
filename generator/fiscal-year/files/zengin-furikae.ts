import { addBusinessDays, type IsoDate } from '../../../src/common/calendar';
import { CITY_ACCOUNT, TAX_CONSIGNOR_CODE } from '../../city';
import {
  furikaeData,
  furikaeEnd,
  furikaeHeader,
  furikaeTotalsOf,
  furikaeTrailer,
  joinRecords,
  ymd,
  type FurikaeDataFields,
} from '../../layouts';
import { cmp, type SampleFile } from '../../output';
import { CONSIGNORS, type Consignor } from '../facts';
import { check, type Payment, type YearContext } from '../model';
import { count, fileInfo, groupBy, placed, writeSample } from './common';

/** The 引落日 whose tax group states 5,000 yen more 振替済 than its records (a planted control-total case). */
const WRONG_TRAILER_DEBIT_ON = '2025-10-31';

/** zengin-furikae/: one result file per 引落日, received two business days later; a header/trailer group per 委託者. */
export function writeFurikaeFiles(ctx: YearContext): void {
  const debits = [...ctx.payments, ...ctx.failedDebits].filter((p) => p.format === 'zengin-furikae');
  for (const [debitOn, items] of groupBy(debits, (p) => p.paidOn)) {
    const arrive = addBusinessDays(debitOn, 2);
    const rel = `zengin-furikae/FURIKAE_${ymd(arrive)}.dat`;
    const note = `引落日 ${debitOn} (header MMDD ${ymd(debitOn).slice(4)}, resolved against the day received)`;
    const info = fileInfo(rel, 'zengin-furikae', arrive, { note });
    const out: Buffer[] = [];
    let groups = 0;
    for (const consignor of CONSIGNORS) {
      const group = items.filter((p) => p.debit!.consignor === consignor).sort((a, b) => cmp(a.billNumber!, b.billNumber!));
      if (!group.length) continue;
      groups++;
      writeGroup(ctx, { rel, info, out, debitOn, consignor }, group);
    }
    out.push(furikaeEnd());
    info.records = out.length;
    info.groups = groups;
    writeSample(ctx, rel, joinRecords(out, '\r\n'), info);
  }
  check(
    ctx.plants.some((p) => p.name === 'furikae_control_total_mismatch'),
    'a 口座振替 file for 2025-10-31',
  );
}

interface FurikaeFile {
  rel: string;
  info: SampleFile;
  out: Buffer[];
  debitOn: IsoDate;
  consignor: Consignor;
}

function writeGroup(ctx: YearContext, f: FurikaeFile, group: Payment[]): void {
  const { out, info, consignor } = f;
  const debitMonthDay = ymd(f.debitOn).slice(4);
  out.push(furikaeHeader({ consignorCode: consignor.code, consignorName: consignor.name, debitMonthDay, ...CITY_ACCOUNT }));
  const rows: FurikaeDataFields[] = [];
  for (const p of group) {
    const a = p.debit!.account;
    const bank = { bankCode: a.bank.code, bankName: a.bank.kana, branchCode: a.branch[0], branchName: a.branch[1] };
    const account = { ...bank, accountType: '1', accountNo: a.accountNo, payerName: a.name };
    const row: FurikaeDataFields = { ...account, amount: p.amount, billNumber: p.billNumber!, result: p.failedResult ?? '0' };
    rows.push(row);
    out.push(furikaeData(row));
    placed(p.records[0], f.rel, out.length);
    count(info, row.result, p.amount);
  }
  const totals = furikaeTotalsOf(rows);
  if (f.debitOn === WRONG_TRAILER_DEBIT_ON && consignor.code === TAX_CONSIGNOR_CODE) {
    const right = totals.debited[1];
    totals.debited[1] += 5000;
    out.push(furikaeTrailer(totals));
    info.controlIssues.push({ line: out.length, issue: `振替済金額: trailer ${totals.debited[1]}, records ${right}` });
    info.expectedExceptionTypes = ['control_total_mismatch'];
    const description = `税の委託者グループのトレーラー振替済金額 ${totals.debited[1]}円、振替済レコードの合計は ${right}円（5,000円多い）。データは全件取り込む`;
    ctx.plants.push({ name: 'furikae_control_total_mismatch', description, expected: ['control_total_mismatch'], file: f.rel });
  } else {
    out.push(furikaeTrailer(totals));
  }
}
