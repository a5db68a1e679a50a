import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { PaymentListQuery, PaymentPageDto } from './payments.dto';
import { PaymentsService } from './payments.service';

@ApiTags('payments')
@Controller('payments')
@Roles('staff', 'manager', 'auditor')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get()
  @ApiOperation({ summary: '収納の検索 / search payments across channels' })
  @ApiOkResponse({ type: PaymentPageDto })
  list(@Query() query: PaymentListQuery): Promise<PaymentPageDto> {
    return this.payments.list(query);
  }
}
