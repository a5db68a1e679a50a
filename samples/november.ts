/**
 * The November-month scenario of the samples: the bills open on 2026-11-01 and the 収納代行 files of
 * 2026-11-02 … 11-25, with every planted case of the review of 11-25. Run by samples/generate.ts first (seed
 * 20261126), before the fiscal year.
 *
 * The steps below run in this order on one NovemberContext (generator/november-month/model.ts). The random draws
 * happen in steps 1–4 only (and the stores' codes before them), in a fixed order: a step added among them changes
 * every later draw and so the files; add new draws after step 4, or give them their own seeded generator.
 */
import type { SampleCase, SampleFile, WriteFile } from '../generator/output';
import { mulberry32 } from '../generator/random';
import { openStores } from '../generator/stores';
import { novemberCases } from '../generator/november-month/cases';
import { checkNovember } from '../generator/november-month/checks';
import { chooseMatchedExamples } from '../generator/november-month/examples';
import { SEED } from '../generator/november-month/facts';
import { writeNovemberFiles } from '../generator/november-month/files';
import type { Bill, NovemberContext } from '../generator/november-month/model';
import { drawOrdinaryPayments } from '../generator/november-month/payments';
import { plantPayments, plantSecondAgent } from '../generator/november-month/planted';
import { drawPopulation } from '../generator/november-month/population';
import { novemberTotals, type NovemberTotals } from '../generator/november-month/totals';

export interface NovemberResult {
  /** The full set of 2026-11-01, by 納付番号 (the fiscal year carries its FY2025 bills). */
  bills: Bill[];
  files: SampleFile[];
  cases: SampleCase[];
  totals: NovemberTotals;
}

/** The November month's steps, in order (see the top of this file); each fills the context for the next. */
const STEPS: readonly ((ctx: NovemberContext) => void)[] = [
  drawPopulation, // 1. population and the bills open on 11-01
  drawOrdinaryPayments, // 2. ordinary payments, and their records at the main 収納代行
  plantPayments, // 3. planted payments at the main 収納代行
  plantSecondAgent, // 4. the second 収納代行's records and planted rows
  writeNovemberFiles, // 5. the files: every record gets its file and line
  chooseMatchedExamples, // 6. matched examples among the ordinary payments
  checkNovember, // 7. self-checks
];

export function generateNovember(write: WriteFile): NovemberResult {
  const rng = mulberry32(SEED);
  const ctx: NovemberContext = {
    write,
    rng,
    stores: openStores(rng),
    payers: [],
    bills: [],
    groups: [],
    noticeNumbers: { last: new Map(), nextPlanted: 900000100 },
    plantedBills: [],
    payments: [],
    cases: [],
    files: [],
    written: new Map(),
  };
  for (const step of STEPS) step(ctx);
  // 8. the manifest's cases and totals
  return { bills: ctx.bills, files: ctx.files, cases: novemberCases(ctx), totals: novemberTotals(ctx) };
}
