import { transition, WorkflowError } from './exception-state';

describe('exception life cycle', () => {
  it('moves open → in_review → resolved or dismissed, and can hand a case back to the queue', () => {
    expect(transition('open', 'in_review', '担当します')).toBe('in_review');
    expect(transition('in_review', 'resolved', '還付済み')).toBe('resolved');
    expect(transition('in_review', 'dismissed', '誤検知')).toBe('dismissed');
    expect(transition('in_review', 'open', '担当替え')).toBe('open');
  });

  it.each([
    ['open', 'resolved'],
    ['open', 'dismissed'],
    ['resolved', 'open'],
    ['dismissed', 'in_review'],
    ['resolved', 'dismissed'],
  ] as const)('refuses %s → %s', (from, to) => {
    expect(() => transition(from, to, 'reason')).toThrow(WorkflowError);
  });

  it('refuses every transition without a reason', () => {
    expect(() => transition('open', 'in_review', '  ')).toThrow(/理由|reason/);
    expect(() => transition('in_review', 'resolved', undefined)).toThrow(/reason/);
  });
});
