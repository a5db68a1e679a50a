import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { App } from 'supertest/types';
import { AppModule } from '../../src/app.module';
import { AuthService } from '../../src/auth/auth.service';
import type { Role } from '../../src/auth/roles';
import { UsersService, UserView } from '../../src/auth/users.service';
import type { IsoDate } from '../../src/common/calendar';
import type { FormatCode } from '../../src/common/codes';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { configureHttp } from '../../src/http-app';
import { IntakeResult, IntakeService } from '../../src/imports/intake.service';
import { openTestDatabase, TestDatabase } from './test-database';

/** The password of every user the helpers create. */
export const TEST_PASSWORD = 'test-password-0123';

export type Agent = ReturnType<typeof request.agent>;

export interface TestApp {
  app: INestApplication;
  db: TestDatabase;
  http: App;
  /** A user of that role, created on first use (password TEST_PASSWORD); `<role>-test` unless named (e.g. a second staff for four-eyes). */
  user(role: Role, loginName?: string): Promise<UserView>;
  /** A supertest agent logged in as that user through POST /api/auth/login: it carries the session cookie. */
  login(role: Role, loginName?: string): Promise<Agent>;
  /** A fresh bearer session of that user, as headers: `request(t.http).get(…).set(await t.bearer('staff'))`. */
  bearer(role: Role, loginName?: string): Promise<{ Authorization: string }>;
  /** Imports in-memory files (name → bytes) of one format as `test` through the CLI's way (never held), then matches. */
  intake(format: FormatCode, files: Record<string, Buffer>, receivedOn?: IsoDate): Promise<IntakeResult>;
  /**
   * Back to a fresh database without booting again (`db.reset()`: every table the migrations left empty is
   * emptied, ids restart at 1) and the users made so far forgotten. For a file whose tests each need a clean
   * state; the app's memory (the login throttle) stays.
   */
  reset(): Promise<void>;
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
  const http = app.getHttpServer() as App;
  const users = new Map<string, Promise<UserView>>();
  const user = (role: Role, loginName = `${role}-test`): Promise<UserView> => {
    if (!users.has(loginName))
      users.set(
        loginName,
        app.get(UsersService).create({ loginName, displayName: `${loginName} (test)`, role, password: TEST_PASSWORD }, 'test'),
      );
    return users.get(loginName)!;
  };
  return {
    app,
    db,
    http,
    user,
    login: async (role, loginName) => {
      const agent = request.agent(http);
      await agent
        .post('/api/auth/login')
        .send({ loginName: (await user(role, loginName)).loginName, password: TEST_PASSWORD })
        .expect(200);
      return agent;
    },
    bearer: async (role, loginName) => {
      const { token } = await app.get(AuthService).openSession((await user(role, loginName)).id, 'bearer');
      return { Authorization: `Bearer ${token}` };
    },
    intake: (format, files, receivedOn = '2026-11-26') =>
      app.get(IntakeService).intake(
        Object.entries(files).map(([fileName, bytes]) => ({ source: { fileName, bytes }, format })),
        { receivedOn, actor: 'test', arrivedVia: 'cli' },
      ),
    reset: async () => {
      if (env.DATABASE_URL) throw new Error('reset() empties t.db: this app was started on another DATABASE_URL');
      await db.reset();
      users.clear();
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}
