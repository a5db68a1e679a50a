import type { Payment, NovemberContext, PlantedCase } from './model';
import { recordSort } from './files';

/**
 * Step 6, examples of matched payments (after the files, so they point at real lines): the first ordinary
 * payment of each channel at the main 収納代行, and one of the second; they head the cases.
 */
export function chooseMatchedExamples(ctx: NovemberContext): void {
  const ordinary = ctx.payments.filter((p) => !p.caseName && p.records.some((r) => r.dataType === '02'));
  const firstBy = (pred: (p: Payment) => boolean) =>
    ordinary.filter(pred).sort((a, b) => recordSort({ p: a, r: a.records[0] }, { p: b, r: b.records[0] }))[0];
  const examples: [string, string, Payment][] = [
    ['matched_store', 'コンビニ納付（速報→確報）: 消込済', firstBy((p) => p.agent === 'A' && p.cvs.channel === 'convenience_store')],
    [
      'matched_app',
      'スマホアプリ納付（店舗コード 0000000）: 消込済',
      firstBy((p) => p.agent === 'A' && p.cvs.channel === 'smartphone_app'),
    ],
    ['csv_matched', '電算システムCSV: 速報と確報が同じファイル: 消込済', firstBy((p) => p.agent === 'B')],
  ];
  for (const [name, , p] of examples) {
    if (!p) throw new Error(`no ordinary payment for ${name}`);
    p.caseName = name;
  }
  ctx.cases.unshift(...examples.map(([name, description, payment]): PlantedCase => ({ case: name, description, payment, expected: [] })));
}
