import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module';
import type { IsoDate } from '../../src/common/calendar';
import type { FormatCode } from '../../src/common/codes';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { configureHttp } from '../../src/http-app';
import { IntakeResult, ReconciliationService } from '../../src/reconciliation/reconciliation.service';
import { openTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  /** Imports in-memory files (name → bytes) of one format, then matches, as the entry points do. */
  intake(format: FormatCode, files: Record<string, Buffer>, receivedOn?: IsoDate): Promise<IntakeResult>;
  close(): Promise<void>;
}

/** The whole application (HTTP included) on a database of this test file's own. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await openTestDatabase();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(loadConfig({ DATABASE_URL: db.url, KESHIKOMI_LOAD_SAMPLES: 'false', ...env }))
    .compile();
  const app = configureHttp(moduleRef.createNestApplication({ logger: ['error'] }));
  await app.init();
  return {
    app,
    db,
    intake: (format, files, receivedOn = '2026-11-26') =>
      app.get(ReconciliationService).intake(
        Object.entries(files).map(([fileName, bytes]) => ({ source: { fileName, bytes }, format })),
        { receivedOn },
      ),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
