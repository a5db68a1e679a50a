import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { ROLES, Role } from './roles';

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
  @ApiProperty({ enum: ROLES }) role: Role;
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
