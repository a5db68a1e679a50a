import { CHANNEL_LABELS, YEAR_CLASS_LABELS } from '../common/labels';
import type { ExportTable, PrintContext, TableCell } from '../common/table-export';
import { wareki, warekiFiscalYear, warekiMonth } from '../common/wareki';
import type { AdoptionDto, InspectionDto, InspectionPayoutDto, JournalDto, SettlementDto } from './books.dto';

/** 収入日計表 / 月計表 as a table: one line per 収入日 × 科目 × 年度区分 × channel, the total and the files last. */
export function journalTable(j: JournalDto, print: PrintContext): ExportTable {
  const rows: TableCell[][] = j.rows.map((r) => [
    j.kind === 'day' ? r.date : null,
    r.fiscalYear,
    r.category,
    r.categoryName,
    r.account,
    YEAR_CLASS_LABELS[r.yearClass],
    CHANNEL_LABELS[r.channel],
    r.count,
    r.amount,
  ]);
  rows.push([null, null, '合計', null, null, null, null, j.total.count, j.total.amount]);
  if (j.cumulative)
    rows.push([null, j.cumulativeFiscalYear ?? null, '年度累計', null, null, null, null, j.cumulative.count, j.cumulative.amount]);
  const notes = [
    `収入日ごとの集計（収入日未確定 ${j.pending} 件は含まない） / by 収入日; ${j.pending} payment(s) without one left out`,
    `取込ファイル別: ${j.files.map((f) => `${f.fileName} ${f.count}件 ${f.amount.toLocaleString('ja-JP')}円`).join('、') || 'なし'}` +
      `（合計と${j.tiedToFiles ? '一致' : '不一致'}）`,
  ];
  return {
    title: j.kind === 'day' ? '収入日計表' : '月計表',
    ...print,
    period: j.kind === 'day' ? `${j.period}（${wareki(j.period)}）` : `${j.period}（${warekiMonth(j.period)}）`,
    columns: [
      { header: '収入日', kind: 'date' },
      { header: '会計年度', kind: 'count' },
      { header: '科目コード', kind: 'text' },
      { header: '科目', kind: 'text' },
      { header: '歳入科目（会計 款・項・目・節）', kind: 'text' },
      { header: '年度区分', kind: 'text' },
      { header: '収納経路', kind: 'text' },
      { header: '件数', kind: 'count' },
      { header: '金額（円）', kind: 'yen' },
    ],
    rows,
    notes,
  };
}

/** 決算: per 科目 × 年度区分 with the identity shown for each row and checked. */
export function settlementTable(s: SettlementDto, print: PrintContext): ExportTable {
  const line = (r: SettlementDto['total']) => [
    r.assessed,
    r.collected,
    r.writtenOff,
    r.refundUnpaid,
    r.uncollected,
    r.identityHolds ? '一致' : `不一致（消込側 ${r.openByBills}）`,
  ];
  return {
    title: '歳入決算（科目別・年度区分別）',
    ...print,
    period: `${s.fiscalYear}年度（${warekiFiscalYear(s.fiscalYear)}） 出納閉鎖 ${s.closedOn}${s.final ? '' : ' 前（暫定）'}`,
    columns: [
      { header: '科目コード', kind: 'text' },
      { header: '科目', kind: 'text' },
      { header: '歳入科目', kind: 'text' },
      { header: '年度区分', kind: 'text' },
      { header: '調定額', kind: 'yen' },
      { header: '収入済額', kind: 'yen' },
      { header: '不納欠損額', kind: 'yen' },
      { header: '還付未済額', kind: 'yen' },
      { header: '収入未済額', kind: 'yen' },
      { header: '検算', kind: 'text' },
    ],
    rows: [
      ...s.rows.map((r) => [r.category, r.categoryName, r.account, YEAR_CLASS_LABELS[r.yearClass], ...line(r)]),
      ['合計', null, null, null, ...line(s.total)],
    ],
    notes: [`検算: ${s.identity}`],
  };
}

/**
 * 例月出納検査資料: receipts by 科目 and channel, open exceptions, the payouts still missing or short, the counter cash
 * not paid in, and the account's closing balance beside the month's net collections with the steps between.
 */
export function inspectionTable(i: InspectionDto, print: PrintContext): ExportTable {
  const payout = (section: string) => (p: InspectionPayoutDto) => [
    section,
    `${p.format}:${p.provider}`,
    `${p.statusLabel}${p.arrivedOn ? `（着金 ${p.arrivedOn}）` : ''}`,
    null,
    p.dueOn,
    p.expectedCount,
    p.expectedAmount,
    p.arrivedAmount,
    p.difference,
  ];
  const b = i.balance;
  const rows: TableCell[][] = [
    ...i.receipts.map((r) => ['収入', r.category, r.categoryName, CHANNEL_LABELS[r.channel], null, r.count, r.amount, null, null]),
    ['収入', '合計', null, null, null, i.receiptsTotal.count, i.receiptsTotal.amount, null, null],
    ...i.openExceptions.map((e) => ['未処理の例外', e.type, e.typeLabel, null, null, e.count, e.paidAmount, e.expectedAmount, null]),
    ...i.missingPayouts.map(payout('未着・不足の払込')),
    ...i.counterCashNotDeposited.map(payout('窓口現金の未払込')),
    ['口座残高と収入純額', 'receipts', '収入（収入日）', null, null, null, b.receipts, null, null],
    ['口座残高と収入純額', 'refunds_paid', '還付の支出', null, null, null, -b.refundsPaid, null, null],
    ['口座残高と収入純額', 'net_collections', '収入純額', null, null, null, b.netCollections, null, null],
    ...b.steps.map((s) => ['口座残高と収入純額', s.item, s.label, null, null, null, s.amount, null, null]),
    ...(b.account
      ? [
          ['口座残高と収入純額', 'unexplained', '説明できない差', null, null, null, b.unexplained, null, null],
          [
            '口座残高と収入純額',
            'closing_balance',
            `月末残高（${b.account.fileName}）`,
            null,
            b.account.asOf,
            null,
            b.account.closingBalance,
            null,
            b.difference,
          ],
        ]
      : [['口座残高と収入純額', 'closing_balance', '月末残高: 当月の入出金取引明細がありません', null, null, null, null, null, null]]),
  ];
  return {
    title: '例月出納検査資料',
    ...print,
    period: `${i.month}（${warekiMonth(i.month)}）`,
    columns: [
      { header: '区分', kind: 'text' },
      { header: 'コード', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '収納経路', kind: 'text' },
      { header: '日付（収入日・残高日）', kind: 'date' },
      { header: '件数', kind: 'count' },
      { header: '金額（円）', kind: 'yen' },
      { header: '調定額・着金額（円）', kind: 'yen' },
      { header: '差額（円）', kind: 'yen' },
    ],
    rows,
    notes: ['月末残高 = 収入純額 + 各項目 + 説明できない差（差額列: 月末残高 − 収入純額）'],
  };
}

/** 導入率と利用率: the 手続台帳, the monthly trend and the projection, with the method stated. */
export function adoptionTable(a: AdoptionDto, print: PrintContext): ExportTable {
  const rows: TableCell[][] = [
    ...a.procedures.map((p) => [
      '手続',
      p.code,
      p.name,
      p.channels.map((c) => `${CHANNEL_LABELS[c.channel]}(${c.since}〜)`).join('、'),
      p.cashlessSince,
      null,
      null,
    ]),
    ...a.trend.map((t) => ['月次', t.month, null, null, null, t.adoptionShare, t.usageByCount]),
    ['見込み', a.projection.asOf, a.projection.method, null, null, a.projection.adoptionShare, a.projection.usageByCount],
  ];
  return {
    title: 'キャッシュレス決済 導入率と利用率',
    ...print,
    period: `${a.fiscalYear}年度（${warekiFiscalYear(a.fiscalYear)}） 台帳 ${a.asOf} 時点`,
    columns: [
      { header: '区分', kind: 'text' },
      { header: 'コード・月', kind: 'text' },
      { header: '名称', kind: 'text' },
      { header: '受付経路（開始日）', kind: 'text' },
      { header: 'キャッシュレス開始日', kind: 'date' },
      { header: '導入率', kind: 'share' },
      { header: '利用率（件数）', kind: 'share' },
    ],
    rows,
    notes: [
      `導入率 ${(a.adoptionShare * 100).toFixed(1)}%（${a.proceduresAccepting}/${a.proceduresTotal} 手続） ` +
        `目標 ${a.target * 100}% まで ${(a.gap * 100).toFixed(1)} ポイント`,
      `利用率 件数 ${(a.usageByCount * 100).toFixed(1)}% 金額 ${(a.usageByAmount * 100).toFixed(1)}%`,
    ],
  };
}
