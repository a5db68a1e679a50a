import { Injectable } from '@nestjs/common';
import { Page, toPage } from '../common/pagination';
import type { PaymentDto, PaymentListQuery } from './payments.dto';
import { PaymentsRepository } from './payments.repository';

@Injectable()
export class PaymentsService {
  constructor(private readonly payments: PaymentsRepository) {}

  async list(query: PaymentListQuery): Promise<Page<PaymentDto>> {
    return toPage(await this.payments.list(query), query.limit);
  }
}
