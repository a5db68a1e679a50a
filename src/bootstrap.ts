import { INestApplication, Logger } from '@nestjs/common';
import { BatchService } from './batch/batch.service';
import { AppConfig } from './config/app-config';
import { Database } from './database/database';
import { configureHttp } from './http-app';
import { ReconciliationService } from './reconciliation/reconciliation.service';
import { loadSamplesIfEmpty } from './sample-loader';

/**
 * Prepares the service as `npm start` runs it. contract.md: the embedded database is migrated and
 * loaded with the samples at start; a real server is served as it is (`keshikomi migrate` is the
 * explicit step that changes its schema).
 */
export async function bootstrap(app: INestApplication): Promise<INestApplication> {
  configureHttp(app);
  const config = app.get(AppConfig);
  const db = app.get(Database);
  if (db.embedded) {
    const applied = await db.migrate();
    if (applied.length) Logger.log(`migrations applied: ${applied.join(', ')}`, 'Database');
    if (config.KESHIKOMI_LOAD_SAMPLES === 'true') {
      await loadSamplesIfEmpty(db, app.get(BatchService), app.get(ReconciliationService), config.KESHIKOMI_SAMPLES_DIR);
    }
  }
  return app;
}
