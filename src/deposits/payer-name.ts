/**
 * 振込依頼人名 as keshikomi compares them (formats.md "収入日 and payout keys"): a payout source's name and the
 * statement's match after folding — 全角/半角 kana and small kana alike, spaces removed, legal-form marks dropped —
 * and a prefix of at least PAYER_NAME_PREFIX characters is enough, since banks truncate the name.
 */

export const PAYER_NAME_PREFIX = 10;

/** Small kana and their full-size forms (after NFKC, so half-width ｧ is already ァ). */
const SMALL_KANA: Record<string, string> = {
  ァ: 'ア',
  ィ: 'イ',
  ゥ: 'ウ',
  ェ: 'エ',
  ォ: 'オ',
  ッ: 'ツ',
  ャ: 'ヤ',
  ュ: 'ユ',
  ョ: 'ヨ',
  ヮ: 'ワ',
  ヵ: 'カ',
  ヶ: 'ケ',
};

/**
 * 法人略語 as banks print them around a name: カ) 株式会社, ユ) 有限会社, ザイ) 財団法人, シヤ) 社団法人, イ) 医療法人,
 * ガク) 学校法人, フク) 社会福祉法人, ド) 独立行政法人, ト) 特定非営利活動法人, ゴ) 合名会社/合同会社, シ) 合資会社,
 * ギヨ) 漁業協同組合, ノウ) 農業協同組合, セイキヨウ) 生活協同組合, キヨウ) 協同組合, メ) 名: folded forms (small kana large).
 */
const LEGAL_FORMS = [
  'セイキヨウ',
  'キヨウ',
  'シヤ',
  'ザイ',
  'ガク',
  'フク',
  'ギヨ',
  'ノウ',
  'カ',
  'ユ',
  'イ',
  'ド',
  'ト',
  'ゴ',
  'シ',
  'メ',
];
const LEGAL_FORM = new RegExp(`\\((?:${LEGAL_FORMS.join('|')})\\)?|(?:${LEGAL_FORMS.join('|')})\\)`, 'g');

/** A name folded for matching; '' when there is none. */
export function foldPayerName(name: string | null | undefined): string {
  if (!name) return '';
  const wide = name
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (hiragana) => String.fromCharCode(hiragana.charCodeAt(0) + 0x60))
    .replace(/[ァィゥェォッャュョヮヵヶ]/g, (small) => SMALL_KANA[small]);
  return wide
    .replace(/[\s\u3000]+/g, '')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(LEGAL_FORM, '')
    .replace(/[()]/g, '')
    .toUpperCase();
}

/** Whether a statement's folded name is the payout source's: equal, or one a prefix of the other of enough length. */
export function payerNamesMatch(sourceFolded: string, statementFolded: string): boolean {
  if (!sourceFolded || !statementFolded) return false;
  if (sourceFolded === statementFolded) return true;
  const [shorter, longer] =
    sourceFolded.length <= statementFolded.length ? [sourceFolded, statementFolded] : [statementFolded, sourceFolded];
  return shorter.length >= PAYER_NAME_PREFIX && longer.startsWith(shorter);
}
