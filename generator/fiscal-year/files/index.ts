import type { YearContext } from '../model';
import { writeBankCounterFiles } from './bank-counter';
import { writeBillsFiles } from './bills';
import { writeCityCashFiles, writeQrCounterFiles } from './counter';
import { writeCreditCardFiles } from './credit-card';
import { writeEltaxFiles } from './eltax';
import { writeKonbiniCsvFiles, writeKonbiniFiles } from './konbini';
import { writeFurikaeFiles } from './zengin-furikae';

/**
 * Step 8, each format's files, in this order: every writer gives the records it writes their file and line
 * (the manifest's cases point at them), and adds a file-level planted case where it plants one.
 */
export const YEAR_FILE_WRITERS: readonly ((ctx: YearContext) => void)[] = [
  writeBillsFiles,
  writeKonbiniFiles,
  writeKonbiniCsvFiles,
  writeEltaxFiles,
  writeCreditCardFiles,
  writeFurikaeFiles,
  writeBankCounterFiles,
  writeQrCounterFiles,
  writeCityCashFiles,
];
