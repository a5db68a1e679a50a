import { INestApplication, Logger } from '@nestjs/common';
import { UsersService } from './auth/users.service';
import { BatchService } from './batch/batch.service';
import { NightlySchedule } from './batch/nightly-schedule';
import { AppConfig } from './config/app-config';
import { Database } from './database/database';
import { PayoutSourcesService } from './deposits/payout-sources.service';
import { ImportsRepository } from './imports/imports.repository';
import { configureHttp } from './http-app';
import { DemoSamples } from './reconciliation/demo-samples';
import { loadSamplesIfEmpty } from './sample-loader';

/**
 * Prepares the service as `npm start` runs it. contract.md: the embedded database is migrated and
 * loaded with the samples at start (`samplesInBackground`: while the server already answers); a real
 * server is served as it is (`keshikomi migrate` is the explicit step that changes its schema).
 */
export async function bootstrap(app: INestApplication, options: { samplesInBackground?: boolean } = {}): Promise<INestApplication> {
  configureHttp(app);
  const config = app.get(AppConfig);
  const db = app.get(Database);
  if (db.embedded) {
    const applied = await db.migrate();
    if (applied.length) Logger.log(`migrations applied: ${applied.join(', ')}`, 'Database');
  }
  await createFirstAdmin(app.get(UsersService), config);
  if (db.embedded && config.KESHIKOMI_LOAD_SAMPLES === 'true') {
    await loadSamplesIfEmpty(
      app.get(ImportsRepository),
      app.get(BatchService),
      config.KESHIKOMI_SAMPLES_DIR,
      {
        users: app.get(UsersService),
        password: config.KESHIKOMI_DEMO_PASSWORD,
        passwordIsDefault: config.KESHIKOMI_DEMO_PASSWORD === new AppConfig().KESHIKOMI_DEMO_PASSWORD,
        samples: app.get(DemoSamples),
        background: !!options.samplesInBackground,
      },
      app.get(PayoutSourcesService),
    );
  }
  app.get(NightlySchedule).start();
  return app;
}

/** First start: no user at all and KESHIKOMI_ADMIN_PASSWORD set → the user `admin` with that password. */
async function createFirstAdmin(users: UsersService, config: AppConfig): Promise<void> {
  if (!config.KESHIKOMI_ADMIN_PASSWORD) return;
  try {
    if (await users.ensureFirstAdmin(config.KESHIKOMI_ADMIN_PASSWORD)) {
      Logger.log(`created the first user 'admin' (role admin) with the password of KESHIKOMI_ADMIN_PASSWORD`, 'Users');
    }
  } catch (error) {
    // A real server is migrated by `keshikomi migrate` only; before that there is no user table yet.
    if ((error as { code?: string }).code === '42P01')
      Logger.warn(`no user table yet: run \`keshikomi migrate\`, then restart to create 'admin'`, 'Users');
    else throw error;
  }
}
