import { DomainError, DomainErrorKind } from '../../common/domain-error';

export enum EvidenceErrorCode {
  PaymentNotFound = 'PAYMENT_NOT_FOUND',
}

const KIND: Record<EvidenceErrorCode, DomainErrorKind> = {
  [EvidenceErrorCode.PaymentNotFound]: 'not_found',
};

export class EvidenceError extends DomainError {
  constructor(code: EvidenceErrorCode, message: string) {
    super(KIND[code], code, message);
  }
}
