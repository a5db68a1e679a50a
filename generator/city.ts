import type { FurikaeAccount } from './layouts';

/** 垂水市's own codes as its files carry them: the samples, the parsers' fixtures, test/support and the bench share them. */

/** 地方公共団体コード of 垂水市 (with its check digit). */
export const MUNICIPALITY_CODE = '462144';

/** The main 収納代行 (fixed-length `konbini` files): 収納代行コード, barcode company and client codes, 収納企業名. */
export const MAIN_AGENT = { agentCode: '12345', company: '912345', client: '00001', name: 'ﾀﾙﾐｽﾞｼ' } as const;

/** The second 収納代行 (電算システム, `konbini-csv`): handles the 住宅使用料 and 保育所利用料 slips. */
export const SECOND_AGENT = { company: '929023', client: '00002' } as const;

/** The city's own account at its 指定金融機関, named in the 口座振替 headers. */
export const CITY_ACCOUNT: FurikaeAccount = {
  bankCode: '0182',
  bankName: 'ｶｺﾞｼﾏ',
  branchCode: '141',
  branchName: 'ﾀﾙﾐｽﾞ',
  accountType: '1',
  accountNo: '0123456',
};

/** 委託者コード of the taxes' 口座振替 (the insurance premiums and the rents have their own). */
export const TAX_CONSIGNOR_CODE = '4621440001';

/** 住宅使用料 and 保育所利用料: their slips go through the second 収納代行. */
export const SECOND_AGENT_CATEGORIES: ReadonlySet<string> = new Set(['07', '08']);
