import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { CategoriesController } from './categories.controller';
import { BillsController } from './bills.controller';
import { BillsRepository } from './bills.repository';
import { BillsService } from './bills.service';

@Module({ imports: [AuditModule], controllers: [BillsController, CategoriesController], providers: [BillsService, BillsRepository] })
export class BillingModule {}
