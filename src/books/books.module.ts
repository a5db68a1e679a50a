import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DepositsModule } from '../deposits/deposits.module';
import { ReportsModule } from '../reports/reports.module';
import { AdoptionService } from './adoption.service';
import { BooksController } from './books.controller';
import { BooksRepository } from './books.repository';
import { BooksService } from './books.service';

/** 会計課の帳票 (issue #11): /api/books/* — 収入日計表, 月計表, 決算, 例月出納検査資料, 歳入科目, 還付の支出, 導入率. */
@Module({
  imports: [AuditModule, DepositsModule, ReportsModule],
  controllers: [BooksController],
  providers: [BooksService, AdoptionService, BooksRepository],
  exports: [BooksService, AdoptionService],
})
export class BooksModule {}
