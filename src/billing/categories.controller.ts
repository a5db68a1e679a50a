import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { BillsService } from './bills.service';

export class CategoryDto {
  @ApiProperty({ description: '科目コード' }) code: string;
  @ApiProperty({ description: '科目名' }) name: string;
  @ApiProperty({ enum: ['tax', 'premium', 'charge', 'fee'] }) kind: string;
}

@ApiTags('bills')
@Controller('categories')
@Roles('staff', 'manager', 'finance', 'auditor')
export class CategoriesController {
  constructor(private readonly bills: BillsService) {}

  @Get()
  @ApiOperation({ summary: '取扱科目 / the revenue categories, for filters and reports' })
  @ApiOkResponse({ type: [CategoryDto] })
  list(): Promise<CategoryDto[]> {
    return this.bills.categories();
  }
}
