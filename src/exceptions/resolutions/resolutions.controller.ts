import { Body, Controller, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import type { SessionUser } from '../../auth/roles';
import { DecisionDto, ResolveExceptionDto, ResolveResultDto } from '../workflow.dto';
import { ResolutionsService } from './resolutions.service';

@ApiTags('resolutions')
@Controller()
export class ResolutionsController {
  constructor(private readonly resolutions: ResolutionsService) {}

  @Post('exceptions/:id/resolve')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '処理 / resolve an exception: applied at once, or proposed for a manager when it moves money' })
  @ApiOkResponse({ type: ResolveResultDto })
  @HttpCode(200)
  resolve(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: ResolveExceptionDto,
    @CurrentUser() user: SessionUser,
  ): Promise<ResolveResultDto> {
    return this.resolutions.resolve(id, body, user);
  }

  @Post('resolutions/:id/approve')
  @Roles('manager')
  @ApiOperation({ summary: "承認 / approve a proposal (four-eyes: never your own; a deputy's approval is 代決)" })
  @HttpCode(204)
  @ApiNoContentResponse()
  approve(@Param('id', ParseIntPipe) id: number, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.resolutions.approve(id, user, body.reason);
  }

  @Post('resolutions/:id/reject')
  @Roles('manager')
  @ApiOperation({ summary: '差戻し / reject a proposal (never your own: withdraw it)' })
  @HttpCode(204)
  @ApiNoContentResponse()
  reject(@Param('id', ParseIntPipe) id: number, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.resolutions.reject(id, user, body.reason);
  }

  @Post('resolutions/:id/withdraw')
  @Roles('staff', 'manager')
  @ApiOperation({ summary: '取下げ / withdraw a proposal awaiting approval (its proposer, or a manager), with a reason' })
  @HttpCode(204)
  @ApiNoContentResponse()
  withdraw(@Param('id', ParseIntPipe) id: number, @Body() body: DecisionDto, @CurrentUser() user: SessionUser): Promise<void> {
    return this.resolutions.withdraw(id, user, body.reason);
  }
}
