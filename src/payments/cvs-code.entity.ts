import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Channel } from '../common/codes';

/** CVSコード (本部コード) → channel: data, so a city adds a provider's code without a release. */
@Entity({ name: 'cvs_code' })
export class CvsCode {
  @PrimaryColumn({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  code: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  channel: Channel;
}
