/**
 * The fiscal-year scenario of the samples: 垂水市's collections of FY2025 (令和7年度, 2025-04-01 … 2026-03-31)
 * and its 出納整理期間 (2026-04-01 … 2026-05-31), through all nine formats. Called by samples/generate.ts
 * after the November-2026 month is written; it has its own seed, so the November files do not change.
 *
 * Everything is decided in memory first (population, bills, every payment with its day, channel and records),
 * then written format by format, month by month. Ordinary payments are exact, on time and pay a bill at most
 * once across every channel; everything else is a planted case, listed in the manifest.
 *
 * The steps below run in this order on one YearContext (generator/fiscal-year/model.ts). The random draws happen
 * in steps 1–6 only, in a fixed order: a step added among them changes every later draw (and so the files);
 * add new draws after step 6 (or give them their own seeded generator) to keep the files as they are.
 */
import type { SampleCase, SampleFile } from '../generator/output';
import { mulberry32 } from '../generator/random';
import type { FiscalYearTotals } from '../generator/totals';
import { decideBillChanges } from '../generator/fiscal-year/bill-changes';
import { yearCases } from '../generator/fiscal-year/cases';
import { openYearStores } from '../generator/fiscal-year/channels';
import { plantCarriedPayments } from '../generator/fiscal-year/carried';
import { checkEveryRecordWritten, checkModel } from '../generator/fiscal-year/checks';
import { drawCounter } from '../generator/fiscal-year/counter';
import { chooseExamples } from '../generator/fiscal-year/examples';
import { SEED } from '../generator/fiscal-year/facts';
import { YEAR_FILE_WRITERS } from '../generator/fiscal-year/files';
import { newYearContext, type YearContext, type YearInput } from '../generator/fiscal-year/model';
import { drawOrdinaryPayments } from '../generator/fiscal-year/ordinary';
import { plantPayments } from '../generator/fiscal-year/planted';
import { drawPopulation } from '../generator/fiscal-year/population';
import { yearReadme } from '../generator/fiscal-year/readme';
import { yearTotals, type YearTotals } from '../generator/fiscal-year/totals';

export type { NovemberBill } from '../generator/fiscal-year/model';

export interface YearResult {
  files: SampleFile[];
  cases: SampleCase[];
  /** manifest.totals.fiscalYear2025. */
  totals: YearTotals['manifest'];
  /** Received payments by the fiscal year they count in (出納整理期間 applied). */
  byFiscalYear: Record<string, FiscalYearTotals>;
  /** The README's fiscal-year section. */
  readme: string;
}

/** The fiscal year's steps, in order (see the top of this file); each fills the context for the next. */
const STEPS: readonly ((ctx: YearContext) => void)[] = [
  drawPopulation, // 1. population and notices
  decideBillChanges, // 2. bills and their updates (減額更正, 取消)
  openYearStores, // 3. the stores' codes
  plantPayments, // 4. planted payments, their bills first
  drawOrdinaryPayments, // 5. ordinary payments of every channel
  drawCounter, // 6. the counter: register rows and QR transactions
  plantCarriedPayments, // 6b. 滞納繰越分 paid in April–May (after the draws above, which it leaves as they were)
  checkModel, // 7. self-checks on the model
  ...YEAR_FILE_WRITERS, // 8. each format's files: every record gets its file and line
  checkEveryRecordWritten,
  chooseExamples, // 9. examples among the ordinary payments
];

export function generateYear(input: YearInput): YearResult {
  const ctx = newYearContext(input, mulberry32(SEED));
  for (const step of STEPS) step(ctx);
  const cases = yearCases(ctx); // 10. the manifest's cases
  const totals = yearTotals(ctx); // 11. the manifest totals
  const readme = yearReadme(ctx, totals); // 12. the README's section
  return { files: ctx.files, cases, totals: totals.manifest, byFiscalYear: totals.byFiscalYear, readme };
}
