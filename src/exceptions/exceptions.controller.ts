import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ExceptionDetailDto, ExceptionListQuery, ExceptionPageDto } from './exceptions.dto';
import { ExceptionsService } from './exceptions.service';

@ApiTags('exceptions')
@Controller('exceptions')
@Roles('staff', 'manager', 'auditor')
export class ExceptionsController {
  constructor(private readonly exceptions: ExceptionsService) {}

  @Get()
  @ApiOperation({ summary: '例外一覧 / the exception queue' })
  @ApiOkResponse({ type: ExceptionPageDto })
  list(@Query() query: ExceptionListQuery): Promise<ExceptionPageDto> {
    return this.exceptions.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: '例外詳細 / one exception' })
  @ApiOkResponse({ type: ExceptionDetailDto })
  get(@Param('id', ParseIntPipe) id: number): Promise<ExceptionDetailDto> {
    return this.exceptions.get(id);
  }
}
