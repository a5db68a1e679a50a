import { types } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './entities';

// bigint columns hold whole yen and ids: far below 2^53, so they are read as numbers, never floats.
types.setTypeParser(types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint out of safe range: ${value}`);
  return n;
});
// Business dates stay calendar days ('YYYY-MM-DD'), never instants shifted by the machine's zone.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    // keshikomi's statements are lookups and set-based merges whose plans PostgreSQL's JIT would spend longer
    // compiling than running (the evidence card's nearest-bills search over bill_balance: 0.8 s with it, 0.4 s without).
    extra: { max: options.poolSize ?? 10, application_name: 'keshikomi', options: '-c jit=off' },
  });
}
