import { addBusinessDays, type IsoDate } from '../src/common/calendar';
import { MAIN_AGENT, MUNICIPALITY_CODE, SECOND_AGENT } from './city';
import { konbiniCsvRow, konbiniData, konbiniHeader, ymd, type KonbiniCsvFields, type KonbiniDataType } from './layouts';
import type { Cvs } from './stores';

/**
 * How the two 収納代行 report a slip payment, in both scenarios: the main one in fixed-length files, a group per
 * delivery day (振込予定日 of a 確報 three business days after its file), the second one in 電算システム CSV rows.
 */

/** A slip payment as the 収納代行 saw it. */
export interface SlipPayment {
  /** 納付番号 as the barcode carries it. */
  billNumber: string;
  barcode: string;
  paidOn: IsoDate;
  /** 収納時刻 HHMM. */
  hhmm: string;
  cvs: Cvs;
  storeCode: string;
  /** 客層データ. */
  segment: string;
}

/** The header of the main 収納代行's group of delivery day `day`. */
export function mainAgentHeader(day: IsoDate): Buffer {
  const agent = { agentCode: MAIN_AGENT.agentCode, clientCode: MAIN_AGENT.client, clientName: MAIN_AGENT.name };
  return konbiniHeader({ createdOn: day, ...agent, municipalityCode: MUNICIPALITY_CODE });
}

/** A data record of the main 収納代行's group of `day` (`paidYmd`: a planted 収納日 that is no day). */
export function mainAgentRecord(day: IsoDate, dataType: KonbiniDataType, s: SlipPayment, paidYmd = ymd(s.paidOn)): Buffer {
  return konbiniData({
    dataType,
    paidYmd,
    paidTime: s.hhmm,
    barcode: s.barcode,
    storeCode: s.storeCode,
    segment: s.segment,
    acquiredOn: s.paidOn,
    transferOn: dataType === '02' ? addBusinessDays(day, 3) : null,
    accountingOn: day,
    cvsCode: s.cvs.code,
  });
}

/** A row of the second 収納代行's CSV created on `createdOn`: 振込日 three business days later on a settled row. */
export function secondAgentRow(createdOn: IsoDate, dataType: KonbiniCsvFields['dataType'], s: SlipPayment): string {
  const settled = dataType === '02' || dataType === '12' || dataType === '22';
  return konbiniCsvRow({
    dataType,
    paidOn: s.paidOn,
    paidTime: s.hhmm,
    barcode: s.barcode,
    user1: '0' + SECOND_AGENT.client,
    user2: s.billNumber.slice(4, 15),
    cvsCode: s.cvs.code,
    cvsName: s.cvs.name,
    storeCode: s.storeCode,
    transferOn: settled ? addBusinessDays(createdOn, 3) : null,
    createdOn,
  });
}
