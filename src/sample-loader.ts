import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsersService } from './auth/users.service';
import { BatchService } from './batch/batch.service';
import { todayInTokyo } from './common/calendar';
import { PayoutSourcesService, SAMPLE_PAYOUT_SOURCES } from './deposits/payout-sources.service';
import type { ImportsRepository } from './imports/imports.repository';
import { DemoSamples } from './reconciliation/demo-samples';

/**
 * Fills an empty embedded database with samples/, so a new user sees a day's reconciliation at once.
 * Each sample file is taken as received on the date in its name (SYUNO_20261116.dat → 2026-11-16); the payout
 * sources of samples/payout-sources.json are set first.
 * With the samples come demo accounts, one or two per role, so the new user can log in at once; they
 * exist only on this path (an embedded database that was empty), never on a real server.
 *
 * `background`: the accounts and the files are made while the server already answers (a year of samples
 * takes most of a minute on PGlite; the accounts' password hashes a few seconds): the dashboard shows how
 * far the load has come.
 * Resolves when the load is under way (background) or done.
 */
export async function loadSamplesIfEmpty(
  imports: ImportsRepository,
  batch: BatchService,
  dir: string,
  demo: { users: UsersService; password: string; passwordIsDefault: boolean; samples: DemoSamples; background: boolean },
  payoutSources: PayoutSourcesService,
): Promise<void> {
  const logger = new Logger('Samples');
  demo.samples.enabled = existsSync(dir);
  if ((await imports.anyBatch()) || !existsSync(dir)) return;
  const { files } = await batch.listInbox(dir);
  demo.samples.started(files.length);
  const started = Date.now();
  const load = (async () => {
    const created = await demo.users.ensureDemoUsers(demo.password);
    if (created.length) {
      const password = demo.passwordIsDefault ? `'${demo.password}' (KESHIKOMI_DEMO_PASSWORD)` : 'KESHIKOMI_DEMO_PASSWORD';
      logger.log(`demo accounts ${created.join(', ')} created with the password ${password}: for trying keshikomi out, not for real use`);
    }
    // Who pays out what comes first: the counter QR payments' 収入日 and the deposits reconciliation read it.
    await payoutSources.setFromFile(join(dir, SAMPLE_PAYOUT_SOURCES), DemoSamples.ACTOR);
    const { files: results } = await batch.run(dir, { receivedOn: todayInTokyo(), datesFromNames: true, actor: DemoSamples.ACTOR });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    logger.log(`loaded ${results.filter((r) => r.status === 'imported').length} sample files from ${dir} in ${seconds} s`);
  })().finally(() => demo.samples.finished());
  if (!demo.background) return load;
  logger.log(`loading ${files.length} sample files from ${dir} in the background`);
  load.catch((error: unknown) => logger.error(`the samples did not load: ${error instanceof Error ? error.message : String(error)}`));
}
