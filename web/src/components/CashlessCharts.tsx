import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ReactElement } from 'react';
import type { AxisDomain } from 'recharts/types/util/types';
import type { Schemas } from '../api';
import { count, percent } from '../format';

export type ShareRow = Schemas['ReportRowDto'];

/** A point of the monthly trend; null shares leave a gap for months with no payments yet. */
export type MonthPoint = Pick<ShareRow, 'label'> & {
  key: string;
  shareByCount: ShareRow['shareByCount'] | null;
  shareByAmount: ShareRow['shareByAmount'] | null;
};

const COUNT_COLOUR = '#0b5cab';
const AMOUNT_COLOUR = '#a04c00';
const TARGET_COLOUR = '#b3261e';
const CASH_COLOUR = '#8a94a3';

const axisPercent = (value: number) => `${Math.round(value * 100)}%`;
const tooltipPercent = (value: unknown) => percent(Number(value));
// Leave room above the 50% line even when every share is far below it.
const shareDomain: AxisDomain = ([, max]) => [0, Math.max(0.6, Math.ceil(max * 10) / 10)];

/**
 * Charts are pictures for sighted users: the figure carries a summary as its name, and the
 * table beside it carries the numbers (recharts' own keyboard layer is off, so nothing in it takes focus).
 */
function Figure({ label, height, children }: { label: string; height: number; children: ReactElement }) {
  return (
    <div role="img" aria-label={label} className="chart">
      <ResponsiveContainer width="100%" height={height}>
        {children}
      </ResponsiveContainer>
    </div>
  );
}

function TargetLine({ target, vertical }: { target: number; vertical?: boolean }) {
  const label = { value: `目標 ${percent(target, 0)}`, fill: TARGET_COLOUR, position: vertical ? 'top' : 'insideTopRight' } as const;
  return vertical ? (
    <ReferenceLine x={target} stroke={TARGET_COLOUR} strokeDasharray="6 4" label={label} />
  ) : (
    <ReferenceLine y={target} stroke={TARGET_COLOUR} strokeDasharray="6 4" label={label} />
  );
}

export function MonthlyTrendChart({ points, target, summary }: { points: MonthPoint[]; target: number; summary: string }) {
  return (
    <Figure label={summary} height={300}>
      <LineChart data={points} accessibilityLayer={false} margin={{ top: 16, right: 24, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#e3e7ee" />
        <XAxis dataKey="label" />
        <YAxis tickFormatter={axisPercent} domain={shareDomain} tickCount={7} />
        <Tooltip formatter={tooltipPercent} />
        <Legend />
        <TargetLine target={target} />
        <Line dataKey="shareByCount" name="件数ベース" stroke={COUNT_COLOUR} strokeWidth={2} isAnimationActive={false} />
        <Line
          dataKey="shareByAmount"
          name="金額ベース"
          stroke={AMOUNT_COLOUR}
          strokeWidth={2}
          strokeDasharray="6 3"
          isAnimationActive={false}
        />
      </LineChart>
    </Figure>
  );
}

/** Each channel is wholly cashless or not, so its bar is its payment count, coloured by which side it falls. */
export function ChannelMixChart({ rows, summary }: { rows: ShareRow[]; summary: string }) {
  return (
    <>
      <Figure label={summary} height={Math.max(220, rows.length * 30 + 60)}>
        <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 8, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid stroke="#e3e7ee" horizontal={false} />
          <XAxis type="number" tickFormatter={(value: number) => count(value)} />
          <YAxis type="category" dataKey="label" width={250} interval={0} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => `${count(Number(value))}件`} />
          <Bar dataKey="count" name="件数" isAnimationActive={false}>
            {rows.map((row) => (
              <Cell key={row.key ?? row.label} fill={row.cashlessCount > 0 ? COUNT_COLOUR : CASH_COLOUR} />
            ))}
          </Bar>
        </BarChart>
      </Figure>
      <p className="chart-legend" aria-hidden="true">
        <span className="swatch" style={{ background: COUNT_COLOUR }} /> キャッシュレス
        <span className="swatch" style={{ background: CASH_COLOUR }} /> 現金・その他
      </p>
    </>
  );
}

export function CategoryShareChart({ rows, target, summary }: { rows: ShareRow[]; target: number; summary: string }) {
  return (
    <Figure label={summary} height={Math.max(220, rows.length * 44 + 70)}>
      <BarChart data={rows} layout="vertical" accessibilityLayer={false} margin={{ top: 20, right: 24, bottom: 4, left: 8 }}>
        <CartesianGrid stroke="#e3e7ee" horizontal={false} />
        <XAxis type="number" tickFormatter={axisPercent} domain={shareDomain} tickCount={7} />
        <YAxis type="category" dataKey="label" width={170} interval={0} tick={{ fontSize: 12 }} />
        <Tooltip formatter={tooltipPercent} />
        <Legend />
        <TargetLine target={target} vertical />
        <Bar dataKey="shareByCount" name="件数ベース" fill={COUNT_COLOUR} isAnimationActive={false} />
        <Bar dataKey="shareByAmount" name="金額ベース" fill={AMOUNT_COLOUR} isAnimationActive={false} />
      </BarChart>
    </Figure>
  );
}
