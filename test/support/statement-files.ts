import { joinRecords, statementFile, type StatementEntryFields } from '../../generator/layouts';

/** A 入出金取引明細 (zengin-deposit) of the city's account covering [from, to], CP932, CRLF; balances agree. */
export function statementOf(
  from: string,
  to: string,
  entries: Omit<StatementEntryFields, 'referenceNo'>[],
  firstRef = 1,
  openingBalance = 10_000_000,
): Buffer {
  return joinRecords(
    statementFile(
      {
        bankCode: '0182',
        bankName: 'ｶｺﾞｼﾏ',
        branchCode: '141',
        branchName: 'ﾀﾙﾐｽﾞ',
        accountType: '1',
        accountNo: '1234567',
        accountName: 'ﾀﾙﾐｽﾞｼ ｶｲｹｲｶﾝﾘｼｬ',
        createdOn: to,
        coveredFrom: from,
        coveredTo: to,
        openingBalance,
      },
      entries.map((entry, i) => ({ ...entry, referenceNo: String(firstRef + i).padStart(8, '0') })),
    ),
    '\r\n',
  );
}
