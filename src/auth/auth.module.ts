import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Users, sessions and the guard. AppModule registers SessionGuard as the global APP_GUARD. */
@Module({
  imports: [AuditModule],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, UsersRepository],
  exports: [AuthService, UsersService],
})
export class AuthModule {}
