import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsersService } from './auth/users.service';
import { BatchService } from './batch/batch.service';
import { todayInTokyo } from './common/calendar';
import { PayoutSourcesService, SAMPLE_PAYOUT_SOURCES } from './deposits/payout-sources.service';
import type { ImportsRepository } from './imports/imports.repository';

/**
 * Fills an empty embedded database with samples/, so a new user sees a day's reconciliation at once.
 * Each sample file is taken as received on the date in its name (SYUNO_20261116.dat → 2026-11-16); the payout
 * sources of samples/payout-sources.json are set first.
 * With the samples come demo accounts, one or two per role, so the new user can log in at once; they
 * exist only on this path (an embedded database that was empty), never on a real server.
 */
export async function loadSamplesIfEmpty(
  imports: ImportsRepository,
  batch: BatchService,
  dir: string,
  demo: { users: UsersService; password: string; passwordIsDefault: boolean },
  payoutSources: PayoutSourcesService,
): Promise<void> {
  const logger = new Logger('Samples');
  if ((await imports.anyBatch()) || !existsSync(dir)) return;
  // Who pays out what comes first: the counter QR payments' 収入日 and the deposits reconciliation read it.
  await payoutSources.setFromFile(join(dir, SAMPLE_PAYOUT_SOURCES), 'samples');
  const { files: results } = await batch.run(dir, { receivedOn: todayInTokyo(), datesFromNames: true, actor: 'samples' });
  logger.log(`loaded ${results.filter((r) => r.status === 'imported').length} sample files from ${dir}`);
  const created = await demo.users.ensureDemoUsers(demo.password);
  if (created.length) {
    const password = demo.passwordIsDefault ? `'${demo.password}' (KESHIKOMI_DEMO_PASSWORD)` : 'KESHIKOMI_DEMO_PASSWORD';
    logger.log(`demo accounts ${created.join(', ')} created with the password ${password}: for trying keshikomi out, not for real use`);
  }
}
