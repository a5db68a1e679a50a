import { isConnectionFault } from './batch-queue';

describe('which failures a worker lives through', () => {
  it('takes a lost database connection for a fault the queue recovers from', () => {
    expect(isConnectionFault({ code: '57P01', message: 'terminating connection due to administrator command' })).toBe(true);
    expect(isConnectionFault({ code: '08006', message: 'connection failure' })).toBe(true);
    expect(isConnectionFault({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isConnectionFault(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('lets anything else stop the worker', () => {
    expect(isConnectionFault(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBe(false);
    expect(isConnectionFault({ code: '23505', message: 'duplicate key value violates unique constraint' })).toBe(false);
    expect(isConnectionFault(undefined)).toBe(false);
  });
});
