import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from './auth.decorators';
import type { SessionUser } from './roles';
import {
  AssigneeDto,
  CreateUserDto,
  RejectUserChangeDto,
  UpdateUserDto,
  UserChangeRequestDto,
  UserChangeRequestListDto,
  UserDto,
  UserListDto,
} from './users.dto';
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
  @ApiOperation({
    summary: 'ユーザー追加 / add a user (password at least 12 characters)',
    description: 'A manager, admin or operator is a request (202) that a second admin approves; other roles are made at once (201).',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiAcceptedResponse({ type: UserChangeRequestDto, description: '承認待ち / waiting for a second admin' })
  async create(
    @Body() body: CreateUserDto,
    @CurrentUser() admin: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto | UserChangeRequestDto> {
    const result = await this.users.createOrRequest(body, admin.loginName);
    if ('request' in result) {
      res.status(202);
      return result.request;
    }
    return result.user;
  }

  @Patch(':id')
  @ApiOperation({
    summary: '権限の変更・無効化・代決者の指名 / change a role, disable or enable (disabling ends the sessions), name a deputy',
    description:
      'Giving the manager, admin or operator role is a request (202) that a second admin approves; ' +
      'anything else applies at once (200).',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiAcceptedResponse({ type: UserChangeRequestDto, description: '承認待ち / waiting for a second admin' })
  async update(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: UpdateUserDto,
    @CurrentUser() admin: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto | UserChangeRequestDto> {
    const result = await this.users.updateOrRequest(id, body, admin.loginName);
    if ('request' in result) {
      res.status(202);
      return result.request;
    }
    return result.user;
  }

  @Get('requests')
  @ApiOperation({ summary: '権限付与の承認待ち / requests waiting for a second admin' })
  @ApiOkResponse({ type: UserChangeRequestListDto })
  async requests(): Promise<UserChangeRequestListDto> {
    return { items: await this.users.pendingRequests() };
  }

  @Post('requests/:id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: '権限付与の承認 / approve (a second admin, not the requester): the user is made or promoted' })
  @ApiOkResponse({ type: UserDto })
  async approve(@Param('id', ParseIntPipe) id: number, @CurrentUser() admin: SessionUser): Promise<UserDto> {
    return (await this.users.decide(id, 'approve', admin.loginName))!;
  }

  @Post('requests/:id/reject')
  @HttpCode(204)
  @ApiOperation({ summary: '権限付与の却下 / reject with a reason (a second admin, not the requester)' })
  @ApiNoContentResponse()
  async reject(@Param('id', ParseIntPipe) id: number, @Body() body: RejectUserChangeDto, @CurrentUser() admin: SessionUser): Promise<void> {
    await this.users.decide(id, 'reject', admin.loginName, body.reason);
  }
}
