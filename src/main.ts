import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { bootstrap } from './bootstrap';
import { AppConfig } from './config/app-config';
import { Database } from './database/database';

async function main(): Promise<void> {
  const app = await bootstrap(await NestFactory.create(AppModule), { samplesInBackground: true });
  const config = app.get(AppConfig);
  await app.listen(config.PORT);
  const database = app.get(Database).embedded ? `embedded PGlite in ${config.KESHIKOMI_DATA_DIR}` : 'PostgreSQL';
  Logger.log(`keshikomi: http://localhost:${config.PORT}/ (API /api, docs /api/docs; database: ${database})`, 'Main');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
