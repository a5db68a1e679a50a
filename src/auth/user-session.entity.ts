import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { SessionKind } from './roles';

/** A login: the sha256 of its random token, never the token itself. */
@Entity({ name: 'user_session' })
export class UserSession {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: number;

  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  /** `cookie` (browsers) or `bearer` (scripts); a token is accepted only the way it was issued. */
  @Column({ type: 'text' })
  kind: SessionKind;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Absolute end, fixed at login. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Slides with every request; idle expiry is measured from here. */
  @Column({ name: 'last_seen_at', type: 'timestamptz', default: () => 'now()' })
  lastSeenAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** The client address of the login (null for sessions opened without one): the name's known addresses. */
  @Column({ name: 'client_address', type: 'text', nullable: true })
  clientAddress: string | null;
}
