import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { namedEnum } from '../common/api-enums';
import { ROLES, Role } from './roles';

export const ROLE_ENUM = namedEnum(
  'Role',
  ROLES,
  'staff 会計課職員, manager 会計課長, finance 財政課, auditor 監査, admin 管理者, operator 運用アカウント',
);

export class LoginDto {
  @ApiProperty({ example: 'staff1' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  loginName: string;

  // Bounded so a megabyte "password" cannot make argon2 a denial of service.
  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password: string;

  @ApiPropertyOptional({ description: 'true: a bearer token for scripts in the response instead of the session cookie' })
  @IsOptional()
  @IsBoolean()
  token?: boolean;
}

export class SessionUserDto {
  @ApiProperty() id: number;
  @ApiProperty() loginName: string;
  @ApiProperty() displayName: string;
  @ApiProperty(ROLE_ENUM) role: Role;
}

export class LoginResponseDto {
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
  @ApiPropertyOptional({ description: 'with `token: true` only: send as `Authorization: Bearer <token>`' }) token?: string;
  @ApiPropertyOptional({ enum: ['Bearer'] }) tokenType?: 'Bearer';
  @ApiPropertyOptional({ description: 'absolute end of the session (it also ends after the idle time)' }) expiresAt?: Date;
}

export class MeDto {
  @ApiProperty({ type: SessionUserDto }) user: SessionUserDto;
}
