import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { detectFormat } from './detect-format';
import { testContext } from './fixtures/test-helpers';

const SAMPLES = join(__dirname, '..', '..', '..', 'samples');
const head = (path: string) => readFileSync(path).subarray(0, 64 * 1024);

describe('detectFormat (取込形式の自動判定)', () => {
  const formats = readdirSync(SAMPLES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

  it.each(formats)('tells every %s sample file by its first records', async (format) => {
    for (const file of readdirSync(join(SAMPLES, format))) {
      expect([file, await detectFormat(head(join(SAMPLES, format, file)), testContext())]).toEqual([file, { kind: 'found', format }]);
    }
  });

  it('reads the real DSK file as konbini-csv, and not the copy whose header was damaged in transit', async () => {
    const real = (name: string) => head(join(__dirname, 'konbini-csv', 'fixtures', 'real', name));
    expect(await detectFormat(real('test.csv'), testContext())).toEqual({ kind: 'found', format: 'konbini-csv' });
    expect(await detectFormat(real('syuno.csv'), testContext())).toEqual({ kind: 'none' });
  });

  it('fits nothing to a CSV whose line breaks were lost, though 120-byte slices of it may look like konbini end records', async () => {
    const paypay = readFileSync(join(__dirname, 'qr-counter', 'fixtures', 'paypay-20261126.csv'));
    const crOnly = Buffer.from(paypay.toString('latin1').replace(/\n/g, ''), 'latin1');
    const noBreaks = Buffer.from(paypay.toString('latin1').replace(/\r\n/g, ''), 'latin1');
    expect(await detectFormat(crOnly, testContext())).toEqual({ kind: 'none' });
    expect(await detectFormat(noBreaks, testContext())).toEqual({ kind: 'none' });
  });

  it('does not guess at a file no parser reads', async () => {
    expect(await detectFormat(iconv.encode('件名,金額\r\n会議費,1000\r\n', 'cp932'), testContext())).toEqual({ kind: 'none' });
    expect(await detectFormat(Buffer.from(''), testContext())).toEqual({ kind: 'none' });
  });
});
