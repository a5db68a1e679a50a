/**
 * The roles of issue #4, and `operator` (issue #6: a service account for scripts' uploads). Each endpoint
 * declares which of them may call it (`@Roles`).
 */
export const ROLES = ['staff', 'manager', 'finance', 'auditor', 'admin', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  staff: '会計課職員 (review and propose)',
  manager: '会計課長 (approve, close a day)',
  finance: '財政課 (reports only)',
  auditor: '監査 (read everything, change nothing)',
  admin: '管理者 (users and settings)',
  operator: '運用アカウント (import files and read imports; uploads not held)',
};

/** Who is calling: what handlers receive through `@CurrentUser()`. Never carries the password hash. */
export interface SessionUser {
  id: number;
  loginName: string;
  displayName: string;
  role: Role;
}

export type SessionKind = 'cookie' | 'bearer';
