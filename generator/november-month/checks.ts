import * as iconv from 'iconv-lite';
import { businessDaysBetween } from '../../src/common/calendar';
import { isValidBarcode, isValidBillNumber } from '../../src/common/check-digit';
import { barcodeAmount, RECORD_BYTES, ymd } from '../layouts';
import type { SampleFile } from '../output';
import { LAST_DAY } from './facts';
import { check, type NovemberContext } from './model';

/** Step 7, self-checks: the konbini files' bytes, the slips, and what the manifest promises of ordinary payments. */
export function checkNovember(ctx: NovemberContext): void {
  for (const info of ctx.files.filter((f) => f.format === 'konbini')) checkKonbiniBytes(info, ctx.written.get(info.file)!);
  checkSlips(ctx);
  checkOrdinaryPayments(ctx);
}

/** Every record 120 bytes of CP932 (119 for the planted short one), with the line ends the manifest says. */
function checkKonbiniBytes(info: SampleFile, buf: Buffer): void {
  const recs: Buffer[] = [];
  if (info.lineEnd === 'none') {
    check(buf.length % RECORD_BYTES === 0, `${info.file} length`);
    for (let i = 0; i < buf.length; i += RECORD_BYTES) recs.push(buf.subarray(i, i + RECORD_BYTES));
  } else {
    const sep = info.lineEnd === 'lf' ? '\n' : '\r\n';
    const text = buf.toString('latin1');
    check(text.endsWith(sep), `${info.file} ends with a line break`);
    for (const line of text.slice(0, -sep.length).split(sep)) recs.push(Buffer.from(line, 'latin1'));
    if (info.lineEnd === 'lf') check(!text.includes('\r'), `${info.file} has no CR`);
  }
  check(recs.length === info.records, `${info.file} record count`);
  recs.forEach((rec, i) => {
    const line = i + 1;
    const short = info.rejectedLines.some((r) => r.line === line && r.reason.includes('119 bytes'));
    check(rec.length === (short ? RECORD_BYTES - 1 : RECORD_BYTES), `${info.file}:${line} width ${rec.length}`);
    check(iconv.encode(iconv.decode(rec, 'cp932'), 'cp932').equals(rec), `${info.file}:${line} is CP932`);
  });
}

/** Check digits fail only where planted; the barcode carries the 納付番号; slips are still accepted; records written. */
function checkSlips(ctx: NovemberContext): void {
  for (const p of ctx.payments) {
    const name = p.caseName ?? p.barcode;
    const valid = isValidBarcode(p.barcode) && isValidBillNumber(p.carried);
    const meantInvalid = p.caseName?.startsWith('invalid_reference') ?? false;
    check(valid === !meantInvalid, `check digits of ${name}`);
    check(p.barcode.slice(13, 29) === p.carried, `barcode carries ${p.carried}`);
    check(`20${p.barcode.slice(30, 36)}` >= ymd(p.paidOn), `slip still accepted when paid: ${name}`);
    for (const r of p.records) check(r.file && r.line, `record of ${name} was written`);
    if (!p.caseName && p.bill) {
      check(p.paidOn <= p.bill.effectiveDue, `ordinary payment on time: ${p.barcode}`);
      check(barcodeAmount(p.barcode) === p.bill.amount, `ordinary payment exact: ${p.barcode}`);
    }
  }
}

/**
 * Each bill is paid at most once by an ordinary payment, and never by one of them when planted; only the planted
 * 速報 may be 10+ business days old without its 確報 at the last delivery; a later record comes in a later file.
 */
function checkOrdinaryPayments(ctx: NovemberContext): void {
  const seen = new Set<string>();
  const planted = new Set(ctx.plantedBills.map((b) => b.billNumber));
  for (const p of ctx.payments) {
    if (p.caseName || !p.bill) continue;
    check(!seen.has(p.bill.billNumber) && !planted.has(p.bill.billNumber), `bill paid once: ${p.bill.billNumber}`);
    seen.add(p.bill.billNumber);
  }
  check(new Set(ctx.bills.map((b) => b.billNumber)).size === ctx.bills.length, 'bill numbers unique');
  for (const p of ctx.payments) {
    if (p.agent !== 'A' || p.caseName === 'preliminary_only') continue;
    const name = p.caseName ?? p.barcode;
    const types = p.records.map((r) => r.dataType);
    if (types.includes('01') && !types.includes('02') && !types.includes('03') && !p.records.some((r) => r.damage)) {
      check(businessDaysBetween(p.paidOn, LAST_DAY) <= 10, `pending 速報 is recent: ${name}`);
    }
    if (p.records.length > 1) check(p.records[0].fileDay! < p.records[1].fileDay!, `later record in a later file: ${name}`);
  }
}
