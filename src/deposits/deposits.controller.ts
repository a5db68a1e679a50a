import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { SessionUser } from '../auth/roles';
import {
  DepositsDto,
  DepositSummaryDto,
  DepositsQuery,
  PaymentsBehindDto,
  PaymentsBehindQuery,
  PayoutSourceDto,
  PayoutSourcesDto,
  SetPayoutSourceDto,
} from './deposits.dto';
import { DepositsService } from './deposits.service';
import { PayoutSourcesService } from './payout-sources.service';

@ApiTags('deposits')
@Controller()
export class DepositsController {
  constructor(
    private readonly deposits: DepositsService,
    private readonly sources: PayoutSourcesService,
  ) {}

  @Get('deposits')
  @Roles('staff', 'manager', 'auditor', 'finance')
  @ApiOperation({ summary: '入金照合 / expected payouts (provider × 収入日) against the deposits of the bank statements' })
  @ApiOkResponse({ type: DepositsDto })
  async list(@Query() query: DepositsQuery): Promise<DepositsDto> {
    return { deposits: (await this.deposits.list(query.from, query.to)) as DepositsDto['deposits'] };
  }

  @Get('deposits/summary')
  @Roles('staff', 'manager', 'auditor', 'finance')
  @ApiOperation({ summary: '入金照合の概要 / missing and short payouts, counter cash not yet deposited (dashboard tile)' })
  @ApiOkResponse({ type: DepositSummaryDto })
  summary(): Promise<DepositSummaryDto> {
    return this.deposits.summary();
  }

  @Get('deposits/payments')
  @Roles('staff', 'manager', 'auditor')
  @ApiOperation({ summary: '入金予定の内訳 / the payments behind one expected payout' })
  @ApiOkResponse({ type: PaymentsBehindDto })
  async payments(@Query() query: PaymentsBehindQuery): Promise<PaymentsBehindDto> {
    return { payments: await this.deposits.paymentsBehind(query.format, query.provider, query.dueOn) };
  }

  @Get('payout-sources')
  @Roles('staff', 'manager', 'auditor', 'admin')
  @ApiOperation({ summary: '入金元 / who pays out each provider’s collections, as the bank statement names them' })
  @ApiOkResponse({ type: PayoutSourcesDto })
  async payoutSources(): Promise<PayoutSourcesDto> {
    return { payoutSources: (await this.sources.list()) as PayoutSourcesDto['payoutSources'] };
  }

  @Put('payout-sources')
  @Roles('admin')
  @ApiOperation({ summary: '入金元の設定 / set a payout source (format × provider key): its payer name, fees, tolerance and lag' })
  @ApiOkResponse({ type: PayoutSourceDto })
  async setPayoutSource(@Body() body: SetPayoutSourceDto, @CurrentUser() user: SessionUser): Promise<PayoutSourceDto> {
    return (await this.sources.set(body, user.loginName)) as PayoutSourceDto;
  }
}
