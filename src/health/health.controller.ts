import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { Database } from '../database/database';

class HealthDto {
  @ApiProperty({ example: 'ok' }) status: string;
  @ApiProperty({ enum: ['postgresql', 'embedded'] }) database: string;
  @ApiProperty() migrations: number;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Database) {}

  @Get()
  @Public()
  @ApiOperation({ summary: '稼働確認 / liveness and database reachability' })
  @ApiOkResponse({ type: HealthDto })
  async health(): Promise<HealthDto> {
    const [row]: { n: number }[] = await this.db.dataSource.query(`SELECT count(*)::int AS n FROM migrations`);
    return { status: 'ok', database: this.db.embedded ? 'embedded' : 'postgresql', migrations: row.n };
  }
}
