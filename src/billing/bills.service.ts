import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Page, toPage } from '../common/pagination';
import type { BillDto, BillListQuery, CategoryDto } from './bills.dto';
import { BillsRepository } from './bills.repository';

@Injectable()
export class BillsService {
  constructor(
    private readonly bills: BillsRepository,
    private readonly audit: AuditService,
  ) {}

  categories(): Promise<CategoryDto[]> {
    return this.bills.categories();
  }

  /** Bills carry the 宛名番号: every list that returns some is recorded as a read by `reader`. */
  async list(query: BillListQuery, reader: string): Promise<Page<BillDto>> {
    const page = toPage(await this.bills.list(query), query.limit);
    await this.audit.recordRead(
      reader,
      'bill',
      page.items.map((b) => b.id),
      '宛名番号',
    );
    return page;
  }
}
