import { Module } from '@nestjs/common';
import { ReconciliationModule } from '../reconciliation/reconciliation.module';
import { BatchService } from './batch.service';

@Module({ imports: [ReconciliationModule], providers: [BatchService], exports: [BatchService] })
export class BatchModule {}
