import { Module } from '@nestjs/common';
import { AppModule } from './app.module';
import { LoggingModule } from './observability/logging.module';

/** The application as the long-running processes run it (`npm start`, `keshikomi worker`): with JSON logs. */
@Module({ imports: [AppModule, LoggingModule] })
export class ServiceModule {}
