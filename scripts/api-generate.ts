// `npm run api:generate`: writes the API contract the web UI is typed against, without a database —
// web/api/openapi.json (the document the service serves at /api/docs-json), then web/api/schema.d.ts
// from it by openapi-typescript. `npm run api:check` (part of `npm run build`) fails instead of writing
// when either is stale; test/e2e/api-contract.spec.ts compares the committed document with what the
// running service serves.
import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApiDocument } from '../src/api-document';
import { AppModule } from '../src/app.module';
import { Database } from '../src/database/database';

export const CONTRACT_DIR = join(__dirname, '..', 'web', 'api');
export const DOCUMENT_PATH = join(CONTRACT_DIR, 'openapi.json');
export const SCHEMA_PATH = join(CONTRACT_DIR, 'schema.d.ts');
const OPENAPI_TYPESCRIPT = join(__dirname, '..', 'node_modules', 'openapi-typescript', 'bin', 'cli.js');

/** The document is made from decorators alone: the controllers are built with a database that is never opened. */
export async function apiDocumentWithoutDatabase(): Promise<OpenAPIObject> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(Database)
    .useValue({ close: async () => undefined })
    .compile();
  const app = moduleRef.createNestApplication({ logger: false });
  app.setGlobalPrefix('api');
  try {
    return buildApiDocument(app);
  } finally {
    await app.close();
  }
}

export const documentText = (document: OpenAPIObject): string => `${JSON.stringify(document, null, 2)}\n`;

/** Writes the committed document's types, or (`check`) fails when they are not what it makes. ESM: a process of its own. */
export function schemaTypes(check: boolean): SpawnSyncReturns<string> {
  const args = [OPENAPI_TYPESCRIPT, DOCUMENT_PATH, '-o', SCHEMA_PATH, ...(check ? ['--check'] : [])];
  return spawnSync(process.execPath, args, { encoding: 'utf8' });
}

async function main(check: boolean): Promise<void> {
  const text = documentText(await apiDocumentWithoutDatabase());
  if (check && text !== readFileSync(DOCUMENT_PATH, 'utf8')) {
    console.error(`${DOCUMENT_PATH} is not what the DTOs and controllers make: npm run api:generate, then fix the UI it breaks`);
    process.exitCode = 1;
    return;
  }
  if (!check) writeFileSync(DOCUMENT_PATH, text);
  const types = schemaTypes(check);
  process.stderr.write(types.stderr);
  if (types.status !== 0) process.exitCode = 1;
  else if (!check) console.log(`wrote ${DOCUMENT_PATH} and ${SCHEMA_PATH}`);
}

if (require.main === module) {
  main(process.argv.includes('--check')).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
