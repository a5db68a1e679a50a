import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { BILL_STATUS_ENUM } from '../common/api-enums';
import { BILL_STATUSES, BillStatus } from '../common/codes';
import { PageQuery } from '../common/pagination';
import { IsFiscalYear } from '../common/request-params';

export class BillListQuery extends PageQuery {
  @ApiPropertyOptional({ description: '納付番号 (16桁)' })
  @IsOptional()
  @Matches(/^\d{16}$/)
  billNumber?: string;

  @ApiPropertyOptional({ description: '宛名番号 / payer id' })
  @IsOptional()
  @Matches(/^\d{1,20}$/)
  payerId?: string;

  @ApiPropertyOptional({ description: '科目コード' })
  @IsOptional()
  @Matches(/^\d{2}$/)
  category?: string;

  @ApiPropertyOptional({ description: '賦課年度 / fiscal year' })
  @IsOptional()
  @IsFiscalYear()
  fiscalYear?: number;

  @ApiPropertyOptional(BILL_STATUS_ENUM)
  @IsOptional()
  @IsIn(BILL_STATUSES)
  status?: BillStatus;

  @ApiPropertyOptional({ enum: ['open', 'settled'], description: '未納 / 完納' })
  @IsOptional()
  @IsIn(['open', 'settled'])
  balance?: 'open' | 'settled';
}

export class BillDto {
  @ApiProperty() id: number;
  @ApiProperty({ description: '納付番号' }) billNumber: string;
  @ApiProperty({ description: '科目コード' }) category: string;
  @ApiProperty({ description: '科目名' }) categoryName: string;
  @ApiProperty({ description: '賦課年度' }) fiscalYear: number;
  @ApiProperty({ description: '期別' }) installment: string;
  @ApiProperty({ description: '納期限 (as printed)' }) dueDate: string;
  @ApiProperty({ description: '実効納期限 (rolled past bank holidays)' }) effectiveDueDate: string;
  @ApiProperty({ description: '調定額 (円)' }) amount: number;
  @ApiProperty({ description: '消込済額 (円)' }) appliedAmount: number;
  @ApiProperty({ description: '未納額 (円)' }) openAmount: number;
  @ApiProperty({ description: '宛名番号' }) payerId: string;
  @ApiProperty(BILL_STATUS_ENUM) status: BillStatus;
  @ApiProperty() version: number;
  @ApiProperty() updatedOn: string;
}

export class BillPageDto {
  @ApiProperty({ type: [BillDto] }) items: BillDto[];
  @ApiProperty({ nullable: true, type: Number }) nextCursor: number | null;
}

/** 取扱科目 */
export class CategoryDto {
  @ApiProperty({ description: '科目コード' }) code: string;
  @ApiProperty({ description: '科目名' }) name: string;
  @ApiProperty({ enum: ['tax', 'premium', 'charge', 'fee'], description: '税 / 保険料 / 使用料 / 手数料' }) kind: string;
}
