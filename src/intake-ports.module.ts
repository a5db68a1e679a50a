import { Global, Module } from '@nestjs/common';
import { BillLoader } from './billing/bill-loader';
import { MATCH_RUNNER, MatchRunner } from './imports/match-runner';
import { ROW_LOADERS, RowLoaders } from './imports/row-loader';
import { MatchingModule } from './matching/matching.module';
import { MatchingService } from './matching/matching.service';
import { CounterReceiptLoader } from './payments/counter-receipt-loader';
import { PaymentLoader } from './payments/payment-loader';

/** Each parser target's loader: 調定 into billing, 収納 and the counter register (窓口収納日計) into payments. */
const ROW_LOADER_BINDINGS: RowLoaders = {
  bills: (into) => new BillLoader(into),
  payments: (into) => new PaymentLoader(into),
  register: (into) => new CounterReceiptLoader(into),
};

/**
 * Binds the importer's two ports at the root, where every feature is known: ROW_LOADERS to the loaders of
 * billing and payments, MATCH_RUNNER to matching. So imports imports neither the features its rows go to
 * nor matching, and matching never imports the importer. Global, so that every module that takes the
 * importer (the batch job, the CLI through AppModule) finds the same bindings.
 */
@Global()
@Module({
  imports: [MatchingModule],
  providers: [
    { provide: ROW_LOADERS, useValue: ROW_LOADER_BINDINGS },
    { provide: MATCH_RUNNER, inject: [MatchingService], useFactory: (matching: MatchingService): MatchRunner => matching },
  ],
  exports: [ROW_LOADERS, MATCH_RUNNER],
})
export class IntakePortsModule {}
