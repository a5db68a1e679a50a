import { Column, Entity, PrimaryColumn } from 'typeorm';

/** 未着's data: a file a city expects, and the ISO weekdays (1 = Monday … 7 = Sunday) it comes on (business days only). */
@Entity({ name: 'expected_delivery' })
export class ExpectedDeliveryRow {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @PrimaryColumn({ type: 'text' })
  format: string;

  @Column({ type: 'smallint', array: true })
  weekdays: number[];
}
