import type { Channel } from '../src/common/codes';
import { zeroPad } from './layouts';
import { pick, randInt, weighted, type Rng } from './random';

/** Where 収納代行 slips get paid — convenience stores, apps, the post office — and at what time of day. */

export interface Cvs {
  code: string;
  name: string;
  channel: Channel;
}

/** CVSコード (formats.md's default table) and the names the 電算システム CSV writes. */
export const CVS = {
  seven: { code: '010', name: 'セブン－イレブン', channel: 'convenience_store' },
  lawson: { code: '020', name: 'ローソン', channel: 'convenience_store' },
  family: { code: '030', name: 'ファミリーマート', channel: 'convenience_store' },
  daily: { code: '050', name: 'デイリーヤマザキ', channel: 'convenience_store' },
  ministop: { code: '080', name: 'ミニストップ', channel: 'convenience_store' },
  aupay: { code: '780', name: 'ａｕ　ＰＡＹ', channel: 'smartphone_app' },
  dbarai: { code: '800', name: 'ｄ払い', channel: 'smartphone_app' },
  paypay: { code: '820', name: 'ＰａｙＰａｙ', channel: 'smartphone_app' },
  postAtm: { code: '910', name: '郵便振替', channel: 'bank_counter' },
  postCounter: { code: '911', name: '郵便振替（窓口）', channel: 'bank_counter' },
} satisfies Record<string, Cvs>;
export type CvsKey = keyof typeof CVS;

/** The 収納代行 of a slip: A the main one (fixed-length files), B the second (電算システム CSV). */
export type Agent = 'A' | 'B';

export interface Store {
  cvs: Cvs;
  code: string;
}

/** A handful of stores in and around 垂水 (and in 鹿児島市, where commuters pay), as each 収納代行 codes them. */
export interface StorePools {
  A: Store[];
  B: Store[];
}

const CHAIN_WEIGHTS: [string, number][] = [
  ['010', 36],
  ['020', 25],
  ['030', 26],
  ['050', 5],
  ['080', 8],
];

/** Draws the stores' codes: 7 digits at the main 収納代行, 6 at the second. */
export function openStores(rng: Rng): StorePools {
  const A: Store[] = [];
  for (const [key, n] of [
    ['seven', 4],
    ['lawson', 3],
    ['family', 3],
    ['daily', 1],
    ['ministop', 1],
  ] as const) {
    for (let i = 0; i < n; i++) A.push({ cvs: CVS[key], code: zeroPad(randInt(rng, 100000, 999999), 7) });
  }
  const B = [CVS.seven, CVS.lawson, CVS.family].map((cvs) => ({ cvs, code: zeroPad(randInt(rng, 100000, 999999), 6) }));
  return { A, B };
}

/** An app (店舗コード all zeros), or a store of a chain drawn by its share. */
export function storePlace(rng: Rng, pools: StorePools, agent: Agent, app: boolean): Store {
  if (app) {
    const key = weighted(rng, [
      ['paypay', 6],
      ['dbarai', 2],
      ['aupay', 2],
    ] as const);
    return { cvs: CVS[key], code: agent === 'A' ? '0000000' : '000000' };
  }
  if (agent === 'B') return pick(rng, pools.B);
  const chain = weighted(rng, CHAIN_WEIGHTS);
  return pick(
    rng,
    pools.A.filter((s) => s.cvs.code === chain),
  );
}

/** 収納時刻 HHMM: apps around the clock, stores from 7 to 22 with peaks at lunch and after work. */
export function storeTime(rng: Rng, app: boolean): string {
  const hour = app
    ? weighted(
        rng,
        Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.3 : h === 23 ? 0.5 : 1.5] as const),
      )
    : weighted(
        rng,
        Array.from({ length: 16 }, (_, i) => {
          const h = i + 7;
          return [h, h <= 8 || h >= 21 ? 1 : (h >= 12 && h <= 13) || (h >= 18 && h <= 20) ? 3 : 2] as const;
        }),
      );
  return zeroPad(hour, 2) + zeroPad(randInt(rng, 0, 59), 2);
}
