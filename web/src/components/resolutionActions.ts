// What each resolution does, in staff's words; which ones fit is the server's own rule table.
import { fits, isProposal, MONEY_MOVING, type ResolutionAction } from '../../../src/exceptions/resolution-rules';
import type { Schemas } from '../api';

export { isProposal, MONEY_MOVING, type ResolutionAction };

/** `writeOffLimit`: the server's WRITE_OFF_LIMIT, sent with the case. */
export function actionHelp(action: ResolutionAction, writeOffLimit: number): string {
  return ACTION_HELP[action].replace('{limit}', writeOffLimit.toLocaleString('ja-JP'));
}

const ACTION_HELP: Record<ResolutionAction, string> = {
  refund: '納付者へ返金します。還付額は、この納付のうち消込に使われていない金額です。',
  apply_to_bill: '同じ納付者（宛名番号）の、別の未納の調定に充当します。',
  manual_match: '選んだ調定にこの納付を消し込みます。',
  undo_match: '誤った消込を取り消します。取消の記録が追加され、元の記録は残ります。',
  accept_installment: '不足分は調定の未納として残し、この納付を分納として受け入れます。',
  write_off: '不足額（{limit}円以下）を端数処理として、調定の額を調整します。',
  dismiss: 'お金は動かさず、対応不要として閉じます。お金が残っている例外（過誤納・二重納付など）は別の課長の承認が要ります。',
  accept_fee_difference: '入金額と入金予定額の差を手数料等の差額として受け入れます。理由を書き、別の課長の承認が要ります。',
  link_deposit: '入金明細から、この入金予定を支払った後日の入金を選んで紐付けます（照会番号で指定）。',
  escalate_to_provider: '収納代行・決済事業者へ照会したことを記録します。例外は確認中のまま残ります。',
};

interface NextStep {
  text: string;
  recommended: ResolutionAction;
}

/** What staff do with each type of exception (domain.md), and the action to reach for first. */
export const NEXT_STEP: Record<Schemas['ExceptionType'], NextStep> = {
  duplicate_payment: {
    text: '同じ調定は先の納付ですでに消込済みです。この納付は「還付」（納付者へ返金）するか、同じ納付者の別の調定に「充当」します。',
    recommended: 'refund',
  },
  amount_over: {
    text: '調定の残額より多く納付されています。過誤納の分を「還付」するか、別の調定に「充当」します。',
    recommended: 'refund',
  },
  amount_short: {
    text: '残額より少ない納付です。「分納として受入」れるか、わずかな差なら「端数処理」します。',
    recommended: 'accept_installment',
  },
  unknown_bill: {
    text: '納付番号に合う調定がありません。根拠カードの候補から正しい調定を選んで「手動消込」するか、「還付」します。',
    recommended: 'manual_match',
  },
  invalid_reference: {
    text: '納付番号のチェックデジットが合いません。根拠カードの候補から正しい調定を選んで「手動消込」するか、「還付」します。',
    recommended: 'manual_match',
  },
  late_payment: {
    text: '消込は済んでいますが納期限後の納付です。延滞金の要否を確認し、結果をコメントに残して「対応不要」で閉じます。',
    recommended: 'dismiss',
  },
  cancelled_payment: {
    text: '収納代行が取り消した納付です。消込は取り消されています。内容を確認して「対応不要」で閉じます。',
    recommended: 'dismiss',
  },
  preliminary_only: { text: '速報だけで確報が届いていません。収納代行に確認し、結果をコメントに残して閉じます。', recommended: 'dismiss' },
  final_only: {
    text: '確報だけで速報がありません。内容を確認して閉じます。消込が誤っていれば「消込取消」します。',
    recommended: 'dismiss',
  },
  bill_cancelled: {
    text: '取消または減額された調定への納付です。「還付」するか、同じ納付者の別の調定に「充当」します。',
    recommended: 'refund',
  },
  control_total_mismatch: {
    text: 'ファイルの合計と明細の合計が一致しません。収納代行・金融機関に確認し、結果をコメントに残して閉じます。',
    recommended: 'dismiss',
  },
  deposit_missing: {
    text: '入金予定日（許容日数を含む）を過ぎても入金がありません。事業者へ「照会」し、後日の入金が分かれば「入金に紐付け」ます。',
    recommended: 'escalate_to_provider',
  },
  deposit_amount_mismatch: {
    text: '入金額が確報の合計（手数料控除後）と一致しません。差額が手数料等で説明できれば「手数料差額として承認」、そうでなければ「照会」します。',
    recommended: 'accept_fee_difference',
  },
  unexpected_deposit: {
    text: '入金元からの入金に、対応する入金予定がありません。事業者へ「照会」し、内容をコメントに残します。',
    recommended: 'escalate_to_provider',
  },
  cash_not_deposited: {
    text: '窓口の現金収納が翌営業日に払い込まれていないか、金額が違います。金銭出納員に確認し、払込を見つけたら「入金に紐付け」ます。',
    recommended: 'link_deposit',
  },
};

// The order the buttons appear: the everyday actions first, reversing and closing last.
const BUTTON_ORDER: ResolutionAction[] = [
  'refund',
  'apply_to_bill',
  'manual_match',
  'accept_installment',
  'write_off',
  'undo_match',
  'accept_fee_difference',
  'link_deposit',
  'escalate_to_provider',
  'dismiss',
];

/** The recommended action first, then the others that fit, in button order. */
export function actionsFor(type: Schemas['ExceptionType']): ResolutionAction[] {
  const all = BUTTON_ORDER.filter((a) => fits(a, type));
  const first = NEXT_STEP[type].recommended;
  return [first, ...all.filter((a) => a !== first)];
}
