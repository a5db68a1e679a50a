import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 取扱科目: revenue categories are data; a city adds one without a release. */
@Entity({ name: 'revenue_category' })
export class RevenueCategory {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  kind: 'tax' | 'premium' | 'charge' | 'fee';

  /** eLTAX 税目・料金番号 */
  @Column({ name: 'eltax_code', type: 'char', length: 3, nullable: true })
  eltaxCode: string | null;
}
