import { adminQuery, ADMIN_URL, createDatabase, migrateUrl, serverAnswers, TEMPLATE_ENV, withDatabase } from './test-database';

/** Migrates a template database once per run when a PostgreSQL server answers. */
export default async function globalSetup(): Promise<void> {
  if (process.env.KESHIKOMI_TEST_EMBEDDED === '1' || !(await serverAnswers())) {
    process.stderr.write('\n[keshikomi tests] no PostgreSQL server answers: using the embedded PGlite database\n');
    delete process.env[TEMPLATE_ENV];
    return;
  }
  const template = `keshikomi_tpl_${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${template}`);
  await createDatabase(template);
  await migrateUrl(withDatabase(ADMIN_URL, template));
  process.env[TEMPLATE_ENV] = template;
}
