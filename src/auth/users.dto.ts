import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ROLE_ENUM } from './auth.dto';
import { ROLES, Role } from './roles';

export class CreateUserDto {
  @ApiProperty({ example: 'tanaka', description: 'a-z 0-9 . _ - (stored in lower case)' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { message: 'loginName: a-z 0-9 . _ -, up to 64 characters' })
  loginName: string;

  @ApiPropertyOptional({ example: '田中 花子', description: '表示名 (default: the login name)' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiProperty(ROLE_ENUM)
  @IsIn(ROLES as readonly string[])
  role: Role;

  @ApiProperty({ format: 'password', minLength: 12 })
  @IsString()
  @MaxLength(1024)
  password: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional(ROLE_ENUM)
  @IsOptional()
  @IsIn(ROLES as readonly string[])
  role?: Role;

  @ApiPropertyOptional({ description: 'true: cannot log in, and every open session ends' })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({ description: "代決者: a manager named as the 課長's deputy; their approvals are labelled 代決 (managers only)" })
  @IsOptional()
  @IsBoolean()
  deputy?: boolean;
}

export class UserDto {
  @ApiProperty() id: number;
  @ApiProperty() loginName: string;
  @ApiProperty() displayName: string;
  @ApiProperty(ROLE_ENUM) role: Role;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: '代決者 (deputy of the 課長)' }) deputy: boolean;
  @ApiProperty() createdAt: Date;
}

export class UserListDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
}

export class AssigneeDto {
  @ApiProperty() loginName: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['staff', 'manager'] }) role: Role;
}

export class UserChangeRequestDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: ['create', 'promote'] }) kind: 'create' | 'promote';
  @ApiProperty({ nullable: true, type: Number }) userId: number | null;
  @ApiProperty() loginName: string;
  @ApiProperty({ nullable: true, type: String }) displayName: string | null;
  @ApiProperty(ROLE_ENUM) role: Role;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: 'pending' | 'approved' | 'rejected';
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ nullable: true, type: String }) decidedBy: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
}

export class UserChangeRequestListDto {
  @ApiProperty({ type: [UserChangeRequestDto] }) items: UserChangeRequestDto[];
}

export class RejectUserChangeDto {
  @ApiProperty({ description: '却下の理由 / why' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}
