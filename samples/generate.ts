/**
 * Writes the committed sample files under samples/, samples/manifest.json and samples/README.md, byte for byte
 * the same on every run (seeded mulberry32, no clock, no environment):
 *
 *   npx ts-node --transpile-only samples/generate.ts
 *
 * samples/ doubles as a batch inbox: each subfolder is named after the format of its files. The scenario and
 * every planted case are described in samples/README.md; manifest.json lists the cases with the records and
 * exceptions they must produce.
 *
 * Five stages: the November month (samples/november.ts, its steps in generator/november-month/), the fiscal
 * year (samples/year.ts, its steps in generator/fiscal-year/), the bank statements of March 2026 and the payout
 * sources (generator/deposits/), the manifest (generator/build-manifest.ts) and the
 * README (generator/readme-text.ts). Both scenarios write their files through generator/layouts, the one writer of
 * formats.md's layouts. The generator's code lives outside samples/, whose every subfolder is a format's inbox.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildManifest } from '../generator/build-manifest';
import { generateDeposits } from '../generator/deposits/statements';
import { generateNovember } from './november';
import { readme } from '../generator/readme-text';
import { generateYear } from './year';

const written = new Map<string, Buffer>();

function write(rel: string, buf: Buffer): void {
  const abs = path.join(__dirname, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, buf);
  written.set(rel, buf);
}

const november = generateNovember(write);
const year = generateYear({
  write,
  novemberBills: november.bills.map(({ billNumber, category, fiscalYear, installment, dueDate, amount, payerId }) => ({
    billNumber,
    category,
    fiscalYear,
    installment,
    dueDate,
    amount,
    payerId,
  })),
});
// The third leg last: the bank statements are made from the payment files just written (read by the real parsers).
void generateDeposits(write, written).then((deposits) => {
  write('payout-sources.json', Buffer.from(JSON.stringify({ payoutSources: deposits.payoutSources }, null, 2) + '\n', 'utf8'));
  const manifest = buildManifest(november, year, deposits);
  write('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8'));

  const received = Object.fromEntries(Object.entries(manifest.totals.byFiscalYear).map(([fy, t]) => [fy, t.received]));
  process.stderr.write(
    `wrote ${written.size} files (${manifest.totals.files.bytes} bytes of sample files): ` +
      `November ${november.bills.length} bills, ${november.totals.received.length} payments; fiscal year ${JSON.stringify(received)}; ` +
      `${manifest.cases.length} cases, exceptions ${JSON.stringify(manifest.totals.expectedExceptions.byType)}\n`,
  );

  write('README.md', Buffer.from(readme(manifest, year.readme), 'utf8'));
});
