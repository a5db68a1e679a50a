import { Column, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What every row of a city's own tables begins with: its bigint key and the 団体コード it belongs to.
 * Entities extend it; the columns stay in each entity's own table (no table of this class).
 */
export abstract class MunicipalityRow {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  /** 団体コード */
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;
}
