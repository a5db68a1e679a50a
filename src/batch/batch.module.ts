import { Module } from '@nestjs/common';
import { ImportsModule } from '../imports/imports.module';
import { BatchService } from './batch.service';

@Module({ imports: [ImportsModule], providers: [BatchService], exports: [BatchService] })
export class BatchModule {}
