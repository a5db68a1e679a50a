import { EXCEPTION_STATUSES } from '../common/codes';
import { nextStatuses, sourcesOf } from '../common/exception-lifecycle';
import { transition } from './exception-state';
import { ExceptionError } from './exceptions.errors';

describe('exception life cycle', () => {
  it('lets a person take a case up and hand it back, and nothing else', () => {
    expect(transition('open', 'in_review', 'person', '担当します')).toBe('in_review');
    expect(transition('in_review', 'open', 'person', '担当替え')).toBe('open');
    expect(nextStatuses('open', 'person')).toEqual(['in_review']);
    expect(nextStatuses('in_review', 'person')).toEqual(['open']);
  });

  it('closes a case under review only by an applied resolution', () => {
    expect(transition('in_review', 'resolved', 'resolution', '還付済み')).toBe('resolved');
    expect(transition('in_review', 'dismissed', 'resolution', '誤検知')).toBe('dismissed');
    expect(() => transition('in_review', 'resolved', 'person', '還付済み')).toThrow(/only a resolution/);
    expect(() => transition('in_review', 'dismissed', 'person', '対応不要')).toThrow(ExceptionError);
  });

  it('lets the machine close only an untouched open flag', () => {
    expect(transition('open', 'resolved', 'system', '再評価で解消')).toBe('resolved');
    expect(sourcesOf('resolved', 'system')).toEqual(['open']);
    expect(() => transition('in_review', 'resolved', 'system', '再評価で解消')).toThrow(ExceptionError);
    expect(() => transition('open', 'dismissed', 'system', 'x')).toThrow(ExceptionError);
    expect(() => transition('open', 'in_review', 'system', 'x')).toThrow(ExceptionError);
  });

  it.each(['person', 'resolution', 'system'] as const)('never moves a closed case again (%s)', (by) => {
    for (const from of ['resolved', 'dismissed'] as const) {
      for (const to of EXCEPTION_STATUSES) expect(() => transition(from, to, by, 'reason')).toThrow(ExceptionError);
    }
  });

  it('refuses every transition without a reason', () => {
    expect(() => transition('open', 'in_review', 'person', '  ')).toThrow(/理由|reason/);
    expect(() => transition('open', 'resolved', 'system', undefined)).toThrow(/reason/);
  });
});
