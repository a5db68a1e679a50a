import { Module } from '@nestjs/common';
import { ExportsModule } from '../exports/exports.module';
import { ImportsModule } from '../imports/imports.module';
import { BatchService } from './batch.service';

@Module({ imports: [ImportsModule, ExportsModule], providers: [BatchService], exports: [BatchService] })
export class BatchModule {}
