import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module';
import { bootstrap } from '../../src/bootstrap';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { Database } from '../../src/database/database';
import { openTestDatabase, TestDatabase } from '../support/test-database';

/** The service as `npm start` prepares it, on a database of this file's own. */
async function start(db: TestDatabase, env: Record<string, string>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(AppConfig)
    .useValue(loadConfig({ DATABASE_URL: db.url, KESHIKOMI_LOAD_SAMPLES: 'false', ...env }))
    .compile();
  const app = await bootstrap(moduleRef.createNestApplication({ logger: ['error'] }));
  await app.init();
  return app;
}

describe('the first admin (KESHIKOMI_ADMIN_PASSWORD)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(() => db.drop());

  it('is created at the first start when no user exists, and only then', async () => {
    let app = await start(db, {});
    try {
      // Without the variable nobody is created.
      const [{ n }] = await app.get(Database).dataSource.query(`SELECT count(*)::int AS n FROM app_user`);
      expect(n).toBe(0);
    } finally {
      await app.close();
    }

    app = await start(db, { KESHIKOMI_ADMIN_PASSWORD: 'first-admin-password' });
    try {
      const admin = request.agent(app.getHttpServer());
      const res = await admin.post('/api/auth/login').send({ loginName: 'admin', password: 'first-admin-password' }).expect(200);
      expect(res.body.user).toMatchObject({ loginName: 'admin', role: 'admin' });
      const users = await admin.get('/api/users').expect(200);
      expect(users.body.items).toHaveLength(1);
      // The demo accounts belong to the embedded sample path only.
      expect(users.body.items.map((u: { loginName: string }) => u.loginName)).toEqual(['admin']);
    } finally {
      await app.close();
    }

    // A later start with another password changes nothing: users exist.
    app = await start(db, { KESHIKOMI_ADMIN_PASSWORD: 'some-other-password' });
    try {
      await request(app.getHttpServer()).post('/api/auth/login').send({ loginName: 'admin', password: 'some-other-password' }).expect(401);
      await request(app.getHttpServer()).post('/api/auth/login').send({ loginName: 'admin', password: 'first-admin-password' }).expect(200);
    } finally {
      await app.close();
    }
  });

  it('refuses to start with an admin password shorter than 12 characters', () => {
    expect(() => loadConfig({ KESHIKOMI_ADMIN_PASSWORD: 'sekret-7' })).toThrow(/KESHIKOMI_ADMIN_PASSWORD must be at least 12 characters/);
    // …without printing the password it was given.
    expect(() => loadConfig({ KESHIKOMI_ADMIN_PASSWORD: 'sekret-7' })).not.toThrow(/sekret-7/);
  });
});
