import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { BatchService } from './batch/batch.service';
import { AppConfig } from './config/app-config';
import { Database } from './database/database';
import { configureHttp } from './http-app';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { loadSamplesIfEmpty } from './sample-loader';

async function main(): Promise<void> {
  const app = configureHttp(await NestFactory.create(AppModule, { bufferLogs: false }));
  const config = app.get(AppConfig);
  const db = app.get(Database);
  // contract.md: the embedded database is migrated and loaded at start; a real server is served as
  // it is (`keshikomi migrate` is the explicit step that changes its schema).
  if (db.embedded) {
    const applied = await db.migrate();
    if (applied.length) Logger.log(`migrations applied: ${applied.join(', ')}`, 'Database');
    if (config.KESHIKOMI_LOAD_SAMPLES === 'true') {
      await loadSamplesIfEmpty(db, app.get(BatchService), app.get(ReconciliationService), config.KESHIKOMI_SAMPLES_DIR);
    }
  }
  await app.listen(config.PORT);
  Logger.log(`keshikomi listening on http://localhost:${config.PORT} (API docs: /api/docs, database: ${db.embedded ? 'embedded PGlite' : 'PostgreSQL'})`, 'Main');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
