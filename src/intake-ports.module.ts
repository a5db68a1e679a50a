import { Global, Module } from '@nestjs/common';
import { BillLoader } from './billing/bill-loader';
import { DepositsModule } from './deposits/deposits.module';
import { DepositsService } from './deposits/deposits.service';
import { StatementLoader } from './deposits/statement-loader';
import { MATCH_RUNNER, MatchRunner } from './imports/match-runner';
import { ROW_LOADERS, RowLoaders } from './imports/row-loader';
import { MatchingModule } from './matching/matching.module';
import { MatchingService } from './matching/matching.service';
import { CounterReceiptLoader } from './payments/counter-receipt-loader';
import { PaymentLoader } from './payments/payment-loader';

/**
 * Each parser target's loader: 調定 into billing, 収納 and the counter register (窓口収納日計) into payments, the
 * bank's 入出金取引明細 into deposits.
 */
const ROW_LOADER_BINDINGS: RowLoaders = {
  bills: (into) => new BillLoader(into),
  payments: (into) => new PaymentLoader(into),
  register: (into) => new CounterReceiptLoader(into),
  statement: (into) => new StatementLoader(into),
};

/**
 * Binds the importer's two ports at the root, where every feature is known: ROW_LOADERS to the loaders of
 * billing, payments and deposits, MATCH_RUNNER to matching followed by the deposits reconciliation. So imports
 * imports neither the features its rows go to nor matching, and matching never imports the importer. Global, so
 * that every module that takes the importer (the batch job, the CLI through AppModule) finds the same bindings.
 */
@Global()
@Module({
  imports: [MatchingModule, DepositsModule],
  providers: [
    { provide: ROW_LOADERS, useValue: ROW_LOADER_BINDINGS },
    {
      provide: MATCH_RUNNER,
      inject: [MatchingService, DepositsService],
      // 消込 first, then 入金照合: the expected payouts are the payments matching has just settled.
      useFactory: (matching: MatchingService, deposits: DepositsService): MatchRunner => ({
        run: async (actor) => {
          const summary = await matching.run(actor);
          await deposits.reconcile(actor);
          return summary;
        },
      }),
    },
  ],
  exports: [ROW_LOADERS, MATCH_RUNNER],
})
export class IntakePortsModule {}
