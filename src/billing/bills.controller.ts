import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import { BillListQuery, BillPageDto } from './bills.dto';
import { BillsService } from './bills.service';

@ApiTags('bills')
@Controller('bills')
@Roles('staff', 'manager', 'auditor')
export class BillsController {
  constructor(private readonly bills: BillsService) {}

  @Get()
  @ApiOperation({ summary: '調定の検索 / search bills with their applied and open amounts' })
  @ApiOkResponse({ type: BillPageDto })
  list(@Query() query: BillListQuery, @CurrentUser() user: SessionUser): Promise<BillPageDto> {
    return this.bills.list(query, user.loginName);
  }
}
