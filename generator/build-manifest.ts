import { FORMATS } from '../src/common/codes';
import { MAIN_AGENT, MUNICIPALITY_CODE, SECOND_AGENT } from './city';
import { SEED as YEAR_SEED, WINDOW_FROM, WINDOW_TO } from './fiscal-year/facts';
import { barcodeAmount } from './layouts';
import { FIRST_DAY, LAST_DAY, REVIEW_DAY, SEED, SECOND_AGENT_FILE, TODAY } from './november-month/facts';
import type { NovemberResult } from '../samples/november';
import { cmp, type SampleCase, type SampleFile } from './output';
import { addReceived, emptyFiscalYearTotals, finishTotals } from './totals';
import type { YearResult } from '../samples/year';
import type { DepositsResult } from './deposits/statements';

/** manifest.json: the scenario, the totals the pipeline must reproduce, every file and every planted case. */

const IMPORT_ORDER =
  'bills/ first (in file-name order: the FY2025 full set and its updates, then the November full set and its 11-20 update), ' +
  'then the payment files; each file is received on the date in its name (zengin-furikae needs it: its 引落日 is MMDD only). ' +
  'Exceptions are decided in order of 納付日, time, arrival, so the golden set assumes one matching run after every import ' +
  '(the nightly batch); matching after each file in format order puts a duplicate on the later-imported payment instead ' +
  '(eltax_first_konbini_dup_*).';

const NOTES = [
  'Paths are relative to samples/. Lines are 1-based physical lines ' +
    '(records in the file without line breaks; the CSV header row is line 1).',
  'Trailers total the readable data records; 総レコード数 counts every physical record (the two rejected lines of SYUNO_20261119.dat included).',
  'Rejected lines are import errors, not exceptions: their bills stay unpaid.',
  'Ordinary payments are exact, on time (before the effective 納期限) and pay a bill at most once across all channels, ' +
    'so every exception the pipeline raises is one of the cases below.',
  'Counter cases (qr-counter, city-cash) have billNumber null and are keyed by paymentRef: ' +
    'the QR 取引番号, or the register 受付番号 of a cash row.',
  'A payment counts once, by channel, in the fiscal year of domain.md (出納整理期間: April–May payments of an earlier 賦課年度 count in the ' +
    'previous year); failed debits, cancelled payments and QR register rows are not payments.',
];

const FY2026_NOTE =
  'FY2026 as `report cashless --fiscal-year 2026 --by channel` counts it (eLTAX rows split by 納付手段 as eltax:NN): ' +
  'the November month plus the FY2026 bills and counter payments of April–May 2026';

/** The date in a file's name: the day it arrived. */
function receivedOnOf(file: string): string | null {
  const m = /(20\d{2})(\d{2})(\d{2})/.exec(file);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** A file's entry: receivedOn from its name where the writer left it out, expectedExceptionTypes last. */
function manifestFile({ expectedExceptionTypes, ...f }: SampleFile) {
  return { ...f, receivedOn: f.receivedOn ?? receivedOnOf(f.file), expectedExceptionTypes };
}

/** Files by format (in FORMATS order), then by name. */
function sortFiles(files: SampleFile[]): SampleFile[] {
  const rank = (f: SampleFile) => (FORMATS as readonly string[]).indexOf(f.format);
  return files.sort((a, b) => rank(a) - rank(b) || cmp(a.file, b.file));
}

/**
 * Builds the manifest. Every received payment counts in the fiscal year it belongs to: the year's, plus the
 * November month (all FY2026), added here to the year's FY2026.
 */
export function buildManifest(november: NovemberResult, year: YearResult, deposits: DepositsResult) {
  const byFiscalYear = year.byFiscalYear;
  const fy2026 = (byFiscalYear['2026'] ??= emptyFiscalYearTotals());
  for (const p of november.totals.received) addReceived(fy2026, p.cvs.channel, barcodeAmount(p.barcode), null);
  finishTotals(fy2026);

  const cases: SampleCase[] = [...november.cases, ...year.cases, ...deposits.cases];
  const expectedByType: Record<string, number> = {};
  for (const c of cases) for (const t of c.expectedExceptionTypes) expectedByType[t] = (expectedByType[t] ?? 0) + 1;
  const files = sortFiles([...november.files, ...year.files, ...deposits.files]);

  return {
    generator: 'samples/generate.ts: the November month by samples/november.ts, the fiscal year by samples/year.ts',
    regenerate: 'npx ts-node --transpile-only samples/generate.ts',
    check: 'npx ts-node --transpile-only samples/check.ts',
    seed: SEED,
    yearSeed: YEAR_SEED,
    scenario: {
      today: TODAY,
      reviewDay: REVIEW_DAY,
      municipalityCode: MUNICIPALITY_CODE,
      paymentWindow: [FIRST_DAY, LAST_DAY],
      fiscalYearWindow: [WINDOW_FROM, WINDOW_TO],
      importOrder: IMPORT_ORDER,
      agents: [
        {
          format: 'konbini',
          agentCode: MAIN_AGENT.agentCode,
          barcodeCompanyCode: MAIN_AGENT.company,
          clientCode: MAIN_AGENT.client,
          clientName: MAIN_AGENT.name,
          lastDataCreatedOn: LAST_DAY,
        },
        {
          format: 'konbini-csv',
          agentCode: SECOND_AGENT.company,
          barcodeCompanyCode: SECOND_AGENT.company,
          clientCode: SECOND_AGENT.client,
          lastDataCreatedOn: SECOND_AGENT_FILE.createdOn,
        },
      ],
      notes: NOTES,
    },
    totals: {
      payments: {
        fiscalYear: 2026,
        note: FY2026_NOTE,
        received: fy2026.received,
        receivedAmount: fy2026.receivedAmount,
        byChannel: fy2026.byChannel,
      },
      byFiscalYear,
      november2026: november.totals.november2026,
      fiscalYear2025: year.totals,
      files: { count: files.length, bytes: files.reduce((s, f) => s + (f.bytes ?? 0), 0) },
      expectedExceptions: { total: Object.values(expectedByType).reduce((s, n) => s + n, 0), byType: expectedByType },
    },
    files: files.map(manifestFile),
    cases,
  };
}

export type Manifest = ReturnType<typeof buildManifest>;
