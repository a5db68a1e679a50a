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

describe('embedded database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'keshikomi-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts migrated and loaded with the samples, keeps them across restarts, and shares its server with a CLI run', async () => {
    let app = await startEmbeddedApp(dataDir);
    try {
      const health = await request(app.getHttpServer()).get('/api/health').expect(200);
      expect(health.body).toMatchObject({ status: 'ok', database: 'embedded' });
      const report = await request(app.getHttpServer()).get('/api/reports/cashless?fiscalYear=2026').expect(200);
      expect(report.body.total).toMatchObject({ count: manifest.totals.payments.received, amount: manifest.totals.payments.receivedAmount });
      const open = await request(app.getHttpServer()).get('/api/exceptions?status=open&limit=1000').expect(200);
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
      const imports = await request(app.getHttpServer()).get('/api/imports?limit=1000').expect(200);
      expect(imports.body.items).toHaveLength(manifest.files.length);
    } finally {
      await app.close();
    }
  });
});
