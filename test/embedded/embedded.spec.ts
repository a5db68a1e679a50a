import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { bootstrap } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { startEmbeddedDatabase } from '../../src/database/embedded-postgres';
import manifest from '../../samples/manifest.json';

/**
 * The path a new user takes: no DATABASE_URL, so the service starts PGlite in a data folder, migrates
 * it and loads samples/ — through the same pg driver, with multi-row INSERTs instead of COPY.
 */
async function startEmbeddedApp(dataDir: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(loadConfig({ KESHIKOMI_DATA_DIR: dataDir, KESHIKOMI_SAMPLES_DIR: resolve(__dirname, '../../samples') }))
    .compile();
  const app = await bootstrap(moduleRef.createNestApplication({ logger: ['error'] }));
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
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts migrated and loaded with the samples, keeps them across restarts, and shares its server with a CLI run', async () => {
    let app = await startEmbeddedApp(dataDir);
    try {
      const health = await request(app.getHttpServer()).get('/api/health').expect(200);
      expect(health.body).toMatchObject({ status: 'ok', database: 'embedded' });
      // The samples come with demo accounts, so a new user can log in at once.
      const finance = await demoLogin(app, 'finance1');
      const report = await finance.get('/api/reports/cashless?fiscalYear=2026').expect(200);
      expect(report.body.total).toMatchObject({ count: manifest.totals.payments.received, amount: manifest.totals.payments.receivedAmount });
      const staff = await demoLogin(app, 'staff1');
      const open = await staff.get('/api/exceptions?status=open&limit=1000').expect(200);
      expect(open.body.items.length).toBeGreaterThanOrEqual(20);

      // A second process on the same folder (a CLI run) connects to this server instead of opening the files.
      const second = await startEmbeddedDatabase(dataDir);
      expect(second.owned).toBe(false);
      await second.stop();
    } finally {
      await app.close();
    }

    app = await startEmbeddedApp(dataDir);
    try {
      const manager = await demoLogin(app, 'manager1');
      const imports = await manager.get('/api/imports?limit=1000').expect(200);
      expect(imports.body.items).toHaveLength(manifest.files.length);
    } finally {
      await app.close();
    }
  });
});
