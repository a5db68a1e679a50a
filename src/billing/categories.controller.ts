import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CategoryDto } from './bills.dto';
import { BillsService } from './bills.service';

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
