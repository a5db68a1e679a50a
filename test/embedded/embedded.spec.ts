import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { bootstrap } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';
import { BatchService } from '../../src/batch/batch.service';
import { NightJobsService } from '../../src/batch/night-jobs.service';
import { ExceptionsService } from '../../src/exceptions/exceptions.service';
import { CashlessReportService } from '../../src/reports/cashless-report.service';
import { startTestApp } from '../support/test-app';

const SAMPLES = resolve(__dirname, '../../samples');

/** November 2026 of samples/ (the full year takes minutes on PGlite): its own small inbox. */
function novemberInbox(): string {
  const inbox = mkdtempSync(join(tmpdir(), 'keshikomi-inbox-'));
  for (const format of ['bills', 'konbini', 'konbini-csv']) {
    mkdirSync(join(inbox, format));
    for (const name of readdirSync(join(SAMPLES, format)).filter((n) => n.includes('202611'))) {
      copyFileSync(join(SAMPLES, format, name), join(inbox, format, name));
    }
  }
  return inbox;
}

/**
 * The path a new user takes: no DATABASE_URL, so the service starts PGlite in a data folder, migrates
 * it and loads samples/ — through the same pg driver, with multi-row INSERTs instead of COPY.
 */
async function startEmbeddedApp(dataDir: string, samplesDir: string, samplesInBackground = false): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(loadConfig({ KESHIKOMI_DATA_DIR: dataDir, KESHIKOMI_SAMPLES_DIR: samplesDir }))
    .compile();
  const app = await bootstrap(moduleRef.createNestApplication({ logger: ['error'] }), { samplesInBackground });
  await app.init();
  return app;
}

/** A demo account of the samples, logged in with the default KESHIKOMI_DEMO_PASSWORD. */
async function demoLogin(app: INestApplication, loginName: string) {
  const agent = request.agent(app.getHttpServer());
  await agent.post('/api/auth/login').send({ loginName, password: 'keshikomi-demo-2026' }).expect(200);
  return agent;
}

describe('embedded database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keshikomi-embedded-'));
  const inbox = novemberInbox();
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(inbox, { recursive: true, force: true });
  });

  it('starts with the samples, answers as PostgreSQL does, keeps them across restarts, shares its server with a CLI run', async () => {
    // The same files through the test database (PostgreSQL when one answers): the reference answers.
    const reference = await startTestApp();
    const referenceFiles = (await reference.app.get(BatchService).run(inbox, { receivedOn: '2026-11-26', datesFromNames: true })).files;
    const referenceReport = await reference.app.get(CashlessReportService).report(2026, 'channel');
    const referenceExceptions = await reference.app.get(ExceptionsService).all({});
    await reference.close();

    let app = await startEmbeddedApp(dataDir, inbox);
    try {
      const health = await request(app.getHttpServer()).get('/api/health').expect(200);
      expect(health.body).toEqual({ status: 'up' });
      // The samples come with demo accounts, so a new user can log in at once.
      const finance = await demoLogin(app, 'finance1');
      const report = await finance.get('/api/reports/cashless?fiscalYear=2026').expect(200);
      expect(report.body.total).toEqual(referenceReport.total);
      expect(report.body.total.count).toBeGreaterThan(1000);
      const staff = await demoLogin(app, 'staff1');
      // The samples end on a fixed day: the demo opens on the latest day that has imports, and says so.
      const latest = referenceFiles
        .map((f) => /(2026)(\d\d)(\d\d)/.exec(f.file)!.slice(1).join('-'))
        .sort()
        .pop();
      const daily = await staff.get('/api/reconciliation/daily').expect(200);
      expect(daily.body).toMatchObject({ date: latest, dateChoice: 'latest_import_day', samplesLoading: null });
      expect(daily.body.imports.length).toBeGreaterThan(0);
      const all = await staff.get('/api/exceptions?limit=1000').expect(200);
      const brief = (e: { type: string; billNumber: string | null; paidAmount: number | null; status: string }) =>
        `${e.type} ${e.billNumber} ${e.paidAmount} ${e.status}`;
      expect(all.body.items.map(brief)).toEqual(referenceExceptions.map(brief));

      // A second process on the same folder (a CLI run) connects to this server instead of opening the files.
      const second = await startEmbeddedDatabase(dataDir);
      expect(second.owned).toBe(false);
      await second.stop();
    } finally {
      await app.close();
    }

    app = await startEmbeddedApp(dataDir, inbox);
    try {
      const manager = await demoLogin(app, 'manager1');
      const imports = await manager.get('/api/imports?limit=1000').expect(200);
      expect(imports.body.items).toHaveLength(referenceFiles.filter((f) => f.status === 'imported').length);

      // The scheduled night has no job queue here: it runs in the service's process, with housekeeping.
      const night = mkdtempSync(join(tmpdir(), 'keshikomi-night-'));
      try {
        mkdirSync(join(night, 'konbini'));
        copyFileSync(join(SAMPLES, 'konbini', 'SYUNO_20261125.dat'), join(night, 'konbini', 'SYUNO_20261125.dat'));
        writeFileSync(join(night, 'konbini', 'SYUNO_20261126.dat'), 'not a konbini file\r\n');
        expect(await app.get(NightJobsService).enqueueNight('2026-11-27', night)).toMatchObject({ inProcess: true, queued: 2 });
        expect(readdirSync(join(night, 'konbini'))).toEqual([]);
        const runs = await manager.get('/api/batch/runs?limit=1').expect(200);
        expect(runs.body.items[0]).toMatchObject({ trigger: 'schedule', status: 'finished', duplicates: 1, failed: 1 });
        expect((await manager.get('/api/health').expect(200)).body).toMatchObject({ database: 'embedded', jobQueue: [] });
      } finally {
        rmSync(night, { recursive: true, force: true });
      }
    } finally {
      await app.close();
    }
  });

  it('as `npm start` runs it, answers at once and loads the samples in the background, saying how far it has come', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'keshikomi-embedded-'));
    const app = await startEmbeddedApp(folder, inbox, true);
    try {
      // The server answers while the samples load; the demo accounts come first.
      await request(app.getHttpServer()).get('/api/health').expect(200);
      let staff: Awaited<ReturnType<typeof demoLogin>> | null = null;
      const progress: ({ filesLoaded: number; filesTotal: number } | null)[] = [];
      for (let tries = 0; tries < 600; tries++) {
        staff ??= await demoLogin(app, 'staff1').catch(() => null);
        if (staff) {
          const daily = await staff.get('/api/reconciliation/daily').expect(200);
          progress.push(daily.body.samplesLoading);
          if (daily.body.samplesLoading === null) {
            expect(daily.body.dateChoice).toBe('latest_import_day');
            break;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const files = readdirSync(inbox, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
      expect(progress[0]).toEqual({ filesLoaded: expect.any(Number), filesTotal: files });
      expect(progress[progress.length - 1]).toBeNull();
    } finally {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
