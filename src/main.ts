import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as JsonLogger } from 'nestjs-pino';
import { bootstrap } from './bootstrap';
import { AppConfig } from './config/app-config';
import { Database } from './database/database';
import { ServiceModule } from './service.module';

async function main(): Promise<void> {
  const app = await NestFactory.create(ServiceModule, { bufferLogs: true });
  app.useLogger(app.get(JsonLogger));
  await bootstrap(app, { samplesInBackground: true });
  const config = app.get(AppConfig);
  await app.listen(config.PORT);
  const database = app.get(Database).embedded ? `embedded PGlite in ${config.KESHIKOMI_DATA_DIR}` : 'PostgreSQL';
  Logger.log(`keshikomi: http://localhost:${config.PORT}/ (API /api, docs /api/docs; database: ${database})`, 'Main');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
