import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';

@Injectable()
export class HealthRepository {
  constructor(private readonly db: Database) {}

  /** Migrations applied: also proves the database answers. */
  async migrations(): Promise<number> {
    const [row]: { n: number }[] = await this.db.dataSource.query(`SELECT count(*)::int AS n FROM migrations`);
    return row.n;
  }
}
