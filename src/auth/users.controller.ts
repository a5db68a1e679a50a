import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from './auth.decorators';
import type { SessionUser } from './roles';
import { AssigneeDto, CreateUserDto, UpdateUserDto, UserDto, UserListDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'ユーザー一覧 / users' })
  @ApiOkResponse({ type: UserListDto })
  async list(): Promise<UserListDto> {
    return { items: await this.users.list() };
  }

  @Get('assignees')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '担当者一覧 / who may be assigned exceptions (active staff and managers)' })
  @ApiOkResponse({ type: [AssigneeDto] })
  assignees(): Promise<AssigneeDto[]> {
    return this.users.assignees();
  }

  @Post()
  @ApiOperation({ summary: 'ユーザー追加 / add a user (password at least 12 characters)' })
  @ApiCreatedResponse({ type: UserDto })
  create(@Body() body: CreateUserDto, @CurrentUser() admin: SessionUser): Promise<UserDto> {
    return this.users.create(body, admin.loginName);
  }

  @Patch(':id')
  @ApiOperation({ summary: '権限の変更・無効化・代決者の指名 / change a role, disable or enable (disabling ends the sessions), name a deputy' })
  @ApiOkResponse({ type: UserDto })
  update(@Param('id', ParseIntPipe) id: number, @Body() body: UpdateUserDto, @CurrentUser() admin: SessionUser): Promise<UserDto> {
    return this.users.update(id, body, admin.loginName);
  }
}
