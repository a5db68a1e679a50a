import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import type { SessionUser } from '../../auth/roles';
import { EvidenceDto } from './evidence.dto';
import { EvidenceService } from './evidence.service';

@ApiTags('payments')
@Roles('staff', 'manager', 'auditor')
@Controller('payments')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id/evidence')
  @ApiOperation({ summary: '根拠カード / why this payment was matched or flagged, and the nearest bills' })
  @ApiOkResponse({ type: EvidenceDto })
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() user: SessionUser): Promise<EvidenceDto> {
    return this.evidence.forPayment(id, user.loginName);
  }
}
