import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../support/cli-in-process';
import { qrFile } from '../support/channel-files';
import { billNumber, billsCsv, konbiniFile } from '../support/files';
import { statementOf } from '../support/statement-files';
import { openTestDatabase, TestDatabase } from '../support/test-database';

const A = billNumber('02', 2026, '03', 8001);

describe('keshikomi payout-source and deposits (contract.md)', () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDatabase();
    process.env.DATABASE_URL = db.url;
    dir = mkdtempSync(join(tmpdir(), 'keshikomi-deposits-'));
    writeFileSync(join(dir, 'bills.csv'), billsCsv([{ number: A, amount: 12300, due: '2026-11-30' }]));
    writeFileSync(
      join(dir, 'SYUNO_20261126.dat'),
      konbiniFile('2026-11-26', [{ type: '02', bill: A, amount: 12300, paidOn: '2026-11-24' }]),
    );
    writeFileSync(join(dir, 'PAYPAY_20261127.csv'), qrFile([{ id: '04812345678901234567', at: '2026/11/26 10:00:00', amount: 300 }]));
    writeFileSync(
      join(dir, 'NYUSHUKKIN_20261130.dat'),
      statementOf('2026-11-26', '2026-11-30', [
        { bookedOn: '2026-11-26', direction: 'credit', transactionCode: '11', amount: 12300 - 55 - 61, payerName: 'ｶ)ﾀﾙﾐｽﾞｼｭｳﾉｳﾀﾞｲｺｳ' },
      ]),
    );
  });
  afterAll(async () => {
    delete process.env.DATABASE_URL;
    await db.drop();
  });

  it('sets a payout source with the contract flags and prints it as JSON', async () => {
    expect((await cli('migrate')).code).toBe(0);
    const set = await cli(
      'payout-source',
      'set',
      '--format',
      'konbini',
      '--provider',
      '12345',
      '--payer-name',
      'ﾀﾙﾐｽﾞｼｭｳﾉｳﾀﾞｲｺｳ(ｶ',
      '--fees',
      'net',
      '--fee-per-item',
      '55',
      '--fee-rate',
      '0.5',
      '--tolerance-days',
      '2',
      '--actor',
      'tanaka',
      '--json',
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      payoutSource: expect.objectContaining({
        format: 'konbini',
        providerCode: '12345',
        payerName: 'ﾀﾙﾐｽﾞｼｭｳﾉｳﾀﾞｲｺｳ(ｶ',
        fees: 'net',
        feePerItem: 55,
        feeRate: 0.5,
        toleranceDays: 2,
        lagDays: 1,
        updatedBy: 'tanaka',
      }),
    });
  });

  it('refuses terms that make no payout source as bad input (exit 2), naming why', async () => {
    const bills = await cli('payout-source', 'set', '--format', 'bills', '--provider', 'x', '--payer-name', 'ｱ', '--json');
    expect(bills.code).toBe(2);
    expect(bills.stderr).toMatch(/入金元を設定できる形式ではありません/);
    const rate = await cli('payout-source', 'set', '--format', 'eltax', '--provider', 'eltax', '--payer-name', 'ｱ', '--fee-rate', '120');
    expect(rate.code).toBe(2);
  });

  it('gives a counter QR payment the 収入日 of its payout source’s lag (11-26 + 2 business days: 11-30, below)', async () => {
    const set = await cli(
      'payout-source',
      'set',
      '--format',
      'qr-counter',
      '--provider',
      '437118503212349184',
      '--payer-name',
      'ﾍﾟｲﾍﾟｲ(ｶ',
      '--lag-days',
      '2',
    );
    expect(set.code).toBe(0);
    const imported = await cli(
      'import',
      '--format',
      'qr-counter',
      join(dir, 'PAYPAY_20261127.csv'),
      '--received-on',
      '2026-11-27',
      '--json',
    );
    expect(imported.code).toBe(0);
    const deposits = JSON.parse((await cli('deposits', '--json')).stdout);
    expect(deposits).toEqual({ deposits: [] });
  });

  it('lists the expected payouts against the statement with exactly the contract’s fields', async () => {
    for (const [format, file] of [
      ['bills', 'bills.csv'],
      ['konbini', 'SYUNO_20261126.dat'],
      ['zengin-deposit', 'NYUSHUKKIN_20261130.dat'],
    ]) {
      expect((await cli('import', '--format', format, join(dir, file), '--received-on', '2026-11-30', '--json')).code).toBe(0);
    }
    const out = await cli('deposits', '--from', '2026-11-01', '--to', '2026-11-30', '--json');
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      deposits: [
        {
          format: 'konbini',
          provider: '12345',
          dueOn: '2026-11-26',
          expectedCount: 1,
          expectedAmount: 12184,
          arrivedOn: '2026-11-26',
          arrivedAmount: 12184,
          status: 'matched',
        },
        {
          format: 'qr-counter',
          provider: '437118503212349184',
          dueOn: '2026-11-30',
          expectedCount: 1,
          expectedAmount: 300,
          arrivedOn: null,
          arrivedAmount: null,
          status: 'missing',
        },
      ],
    });
    expect(JSON.parse((await cli('deposits', '--from', '2026-12-01', '--json')).stdout)).toEqual({ deposits: [] });
  });
});
