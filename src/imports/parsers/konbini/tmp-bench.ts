import { parseBuffer } from '../framing';
import { konbiniParser } from './konbini.parser';
import { konbiniCsvParser } from '../konbini-csv/konbini-csv.parser';
import { barcode, billNumber, dataRecord, endRecord, fixedFile, headerRecord, trailerRecord } from './fixtures/konbini.records';
import { testContext } from './fixtures/test-helpers';
import * as iconv from 'iconv-lite';
import { KONBINI_CSV_COLUMNS } from '../konbini-csv/konbini-csv.parser';
(async () => {
  const N = 200000;
  const recs = [headerRecord({ createdOn: '20261126' })];
  const lines = [KONBINI_CSV_COLUMNS.join(',')];
  for (let i = 0; i < N; i++) {
    const code = barcode({ billNumber: billNumber('02', '26', '03', i), amount: 1000 + (i % 5000) });
    recs.push(dataRecord({ kind: '01', paidOn: '20261125', time: '1015', barcode: code }));
    lines.push(['01','20261125','1015','EAN'+code,'1','2','0',String(1000 + (i % 5000)),'010','"セブン"','123456','0','20261126'].join(','));
  }
  recs.push(trailerRecord({ preliminary: [N, 0], final: [0, 0], cancel: [0, 0] }), endRecord(N + 3));
  const buf = fixedFile(recs, '\r\n');
  let t = Date.now();
  const r = await parseBuffer(konbiniParser, buf, testContext());
  console.log('fixed', N, Date.now() - t, 'ms', r.rows.length);
  const csv = iconv.encode(lines.join('\r\n') + '\r\n', 'cp932');
  t = Date.now();
  const r2 = await parseBuffer(konbiniCsvParser, csv, testContext());
  console.log('csv', N, Date.now() - t, 'ms', r2.rows.length);
})();
