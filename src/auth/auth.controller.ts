import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { CurrentSession, CurrentUser, Public, Roles } from './auth.decorators';
import { LoginDto, LoginResponseDto, MeDto } from './auth.dto';
import { ActiveSession, AuthService } from './auth.service';
import { ROLES, SessionUser } from './roles';
import { SESSION_COOKIE, sessionCookieOptions } from './session-token';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'ログイン / log in',
    description:
      'Sets the httpOnly, SameSite=Strict session cookie `keshikomi_session`; ' +
      'with `token: true`, returns a bearer token for scripts instead. ' +
      'Failed logins are limited per login name and per client address (429).',
  })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'ログイン失敗が多すぎる / too many failed logins (Retry-After)' })
  async login(@Body() body: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const result = await this.auth.login(body.loginName, body.password, {
      address: req.ip ?? 'unknown',
      kind: body.token ? 'bearer' : 'cookie',
    });
    if (result.kind === 'bearer') return { user: result.user, token: result.token, tokenType: 'Bearer', expiresAt: result.expiresAt };
    res.cookie(SESSION_COOKIE, result.token, sessionCookieOptions(req, this.config.KESHIKOMI_SESSION_ABSOLUTE_SECONDS * 1000));
    return { user: result.user };
  }

  @Post('logout')
  @Roles(...ROLES)
  @HttpCode(204)
  @ApiOperation({ summary: 'ログアウト / end this session (cookie or bearer token)' })
  @ApiNoContentResponse()
  async logout(@CurrentSession() session: ActiveSession, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(session.sessionId);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
  }

  @Get('me')
  @Roles(...ROLES)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'ログイン中のユーザー / who is logged in' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: SessionUser): MeDto {
    return { user };
  }
}
