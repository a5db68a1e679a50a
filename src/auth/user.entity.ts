import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from './roles';

/** A local user. The password is kept only as an argon2id hash, and never leaves the service. */
@Entity({ name: 'app_user' })
export class AppUser {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" })
  municipalityCode: string;

  /** Lower case; unique per municipality. */
  @Column({ name: 'login_name', type: 'text' })
  loginName: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  /** 代決者: a manager named as the 課長's deputy; their approvals are labelled 代決. */
  @Column({ type: 'boolean', default: false })
  deputy: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
