import type { BulkValue } from '../database/bulk-writer';
import { analyzeStage } from '../database/stage-statistics';
import type { StatementRow } from '../imports/parsers/parser.types';
import { StagedRowLoader, StageTable } from '../imports/row-loader';
import { foldPayerName } from './payer-name';

/**
 * Loads a `zengin-deposit` statement (入出金取引明細): each header as the account and the 勘定日 it covers (the
 * deposits reconciliation's clock), every 入金 and 出金 as a statement entry with its 振込依頼人名 folded for
 * matching. None is a payment. An entry already known (the same account, 勘定日 and 照会番号 in an overlapping
 * statement) is the same entry: kept once.
 */
export class StatementLoader extends StagedRowLoader<StatementRow> {
  protected readonly stage: StageTable = {
    name: 'stage_statement',
    definition: `
      line_no integer NOT NULL, kind text NOT NULL, municipality_code char(6) NOT NULL, bank_code text NOT NULL,
      branch_code text NOT NULL, account_type text NOT NULL, account_no text NOT NULL, account_name text,
      created_on date, covered_from date, covered_to date, opening_balance bigint, reference_no text, booked_on date,
      value_on date, direction text, transaction_code text, amount bigint, other_bank_amount bigint, payer_code text,
      payer_name text, payer_name_folded text, remitting_bank text, remitting_branch text, description text, edi text`,
    columns: [
      'line_no',
      'kind',
      'municipality_code',
      'bank_code',
      'branch_code',
      'account_type',
      'account_no',
      'account_name',
      'created_on',
      'covered_from',
      'covered_to',
      'opening_balance',
      'reference_no',
      'booked_on',
      'value_on',
      'direction',
      'transaction_code',
      'amount',
      'other_bank_amount',
      'payer_code',
      'payer_name',
      'payer_name_folded',
      'remitting_bank',
      'remitting_branch',
      'description',
      'edi',
    ],
  };

  protected values(row: StatementRow): BulkValue[] {
    const { account } = row;
    const head = [row.kind, row.municipalityCode, account.bankCode, account.branchCode, account.accountType, account.accountNo];
    if (row.kind === 'account') {
      return [...head, row.accountName, row.createdOn, row.coveredFrom, row.coveredTo, row.openingBalance, ...Array<null>(14).fill(null)];
    }
    return [
      ...head,
      ...Array<null>(5).fill(null),
      row.referenceNo,
      row.bookedOn,
      row.valueOn,
      row.direction,
      row.transactionCode,
      row.amount,
      row.otherBankAmount,
      row.payerCode,
      row.payerName,
      foldPayerName(row.payerName),
      row.remittingBank,
      row.remittingBranch,
      row.description,
      row.edi,
    ];
  }

  async finish(): Promise<Record<string, number>> {
    const { runner, batchId } = this.into;
    await analyzeStage(runner, 'stage_statement');
    const [accounts]: { count: number }[] = await runner.query(
      `WITH ins AS (
         INSERT INTO bank_statement (municipality_code, batch_id, line_no, bank_code, branch_code, account_type, account_no,
                                     account_name, created_on, covered_from, covered_to, opening_balance)
         SELECT municipality_code, $1, line_no, bank_code, branch_code, account_type, account_no, account_name, created_on,
                covered_from, covered_to, opening_balance
           FROM stage_statement WHERE kind = 'account' ORDER BY line_no
         RETURNING 1)
       SELECT count(*)::int AS count FROM ins`,
      [batchId],
    );
    const [entries]: { count: number }[] = await runner.query(
      `WITH ins AS (
         INSERT INTO statement_entry (municipality_code, batch_id, line_no, bank_code, branch_code, account_no, reference_no,
                                      booked_on, value_on, direction, transaction_code, amount, other_bank_amount, payer_code,
                                      payer_name, payer_name_folded, remitting_bank, remitting_branch, description, edi)
         SELECT municipality_code, $1, line_no, bank_code, branch_code, account_no, reference_no, booked_on, value_on, direction,
                transaction_code, amount, other_bank_amount, payer_code, payer_name, payer_name_folded, remitting_bank,
                remitting_branch, description, edi
           FROM stage_statement WHERE kind = 'entry' ORDER BY line_no
         ON CONFLICT (municipality_code, bank_code, branch_code, account_no, booked_on, reference_no) DO NOTHING
         RETURNING 1)
       SELECT count(*)::int AS count FROM ins`,
      [batchId],
    );
    return { statementAccounts: accounts.count, statementEntriesCreated: entries.count };
  }
}
