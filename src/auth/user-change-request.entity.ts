import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** 権限付与の申請: a manager or admin made through the API, waiting for a second admin. */
@Entity({ name: 'user_change_request' })
export class UserChangeRequest {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  /** `create` a new user, or `promote` an existing one to `role`. */
  @Column({ type: 'text' })
  kind: 'create' | 'promote';

  @Column({ name: 'user_id', type: 'bigint', nullable: true })
  userId: number | null;

  @Column({ name: 'login_name', type: 'text' })
  loginName: string;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  @Column({ type: 'text' })
  role: string;

  /** The new user's argon2id hash while the request is pending; cleared when decided. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz', default: () => 'now()' })
  requestedAt: Date;

  @Column({ type: 'text', default: () => "'pending'" })
  status: 'pending' | 'approved' | 'rejected';

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
