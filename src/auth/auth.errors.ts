import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum AuthErrorCode {
  /** No session cookie and no bearer token. */
  Unauthenticated = 'AUTH_REQUIRED',
  /** A token was sent, but its session is unknown, revoked, expired or its user disabled. */
  SessionInvalid = 'AUTH_SESSION_INVALID',
  InvalidCredentials = 'AUTH_INVALID_CREDENTIALS',
  AccountDisabled = 'AUTH_ACCOUNT_DISABLED',
  RateLimited = 'AUTH_RATE_LIMITED',
  /** The caller's role is not among the endpoint's roles. */
  Forbidden = 'AUTH_FORBIDDEN',
  /** The endpoint declares no roles at all: refused for everyone until it does. */
  RolesUndeclared = 'AUTH_ROLES_UNDECLARED',
  WeakPassword = 'USER_WEAK_PASSWORD',
  InvalidLoginName = 'USER_INVALID_LOGIN_NAME',
  UserExists = 'USER_EXISTS',
  UserNotFound = 'USER_NOT_FOUND',
  LastAdmin = 'USER_LAST_ADMIN',
  /** A manager or admin made through the API waits for a second admin: the requester cannot decide it. */
  SelfApproval = 'USER_SELF_APPROVAL',
  RequestNotFound = 'USER_REQUEST_NOT_FOUND',
  RequestDecided = 'USER_REQUEST_DECIDED',
  /** A promotion is a request of its own: it cannot ride along with another change. */
  PromotionAlone = 'USER_PROMOTION_ALONE',
  /** 代決者 is named among managers only. */
  DeputyNotManager = 'USER_DEPUTY_NOT_MANAGER',
}

const KIND: Record<AuthErrorCode, DomainErrorKind> = {
  [AuthErrorCode.Unauthenticated]: 'unauthenticated',
  [AuthErrorCode.SessionInvalid]: 'unauthenticated',
  [AuthErrorCode.InvalidCredentials]: 'unauthenticated',
  [AuthErrorCode.AccountDisabled]: 'unauthenticated',
  [AuthErrorCode.RateLimited]: 'rate_limited',
  [AuthErrorCode.Forbidden]: 'forbidden',
  [AuthErrorCode.RolesUndeclared]: 'forbidden',
  [AuthErrorCode.WeakPassword]: 'invalid',
  [AuthErrorCode.InvalidLoginName]: 'invalid',
  [AuthErrorCode.UserExists]: 'conflict',
  [AuthErrorCode.UserNotFound]: 'not_found',
  [AuthErrorCode.LastAdmin]: 'conflict',
  [AuthErrorCode.SelfApproval]: 'forbidden',
  [AuthErrorCode.RequestNotFound]: 'not_found',
  [AuthErrorCode.RequestDecided]: 'conflict',
  [AuthErrorCode.PromotionAlone]: 'invalid',
  [AuthErrorCode.DeputyNotManager]: 'invalid',
};

export class AuthError extends DomainError {
  constructor(code: AuthErrorCode, message: string, retryAfterSeconds?: number) {
    super(KIND[code], code, message, retryAfterSeconds);
  }
}
