import { Controller, ExecutionContext, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Public, Roles } from './auth.decorators';
import type { AuthService } from './auth.service';
import { SessionGuard } from './session.guard';

@Controller()
class Sample {
  @Get() @Public() open(): void {}
  @Get() @Roles('manager') managers(): void {}
  @Get() undeclared(): void {}
}

@Controller()
@Roles('staff', 'auditor')
class Readers {
  @Get() read(): void {}
  @Get() @Roles('admin') adminOnly(): void {}
}

function context(handler: (...args: never[]) => unknown, cls: object, headers: Record<string, string> = {}): ExecutionContext {
  const req = { headers, cookies: {} };
  return {
    getType: () => 'http',
    getHandler: () => handler,
    getClass: () => cls,
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => ({ clearCookie: () => undefined }) }),
  } as unknown as ExecutionContext;
}

const TOKEN = { authorization: 'Bearer a-valid-looking-token-123456' };

function guardFor(role: string | null): SessionGuard {
  const auth = {
    authenticate: async () => (role ? { sessionId: 1, kind: 'bearer', user: { id: 1, loginName: 'u', displayName: 'u', role } } : null),
  };
  return new SessionGuard(new Reflector(), auth as unknown as AuthService);
}

describe('SessionGuard', () => {
  it('lets @Public() through without asking for a session', async () => {
    await expect(guardFor(null).canActivate(context(Sample.prototype.open, Sample))).resolves.toBe(true);
  });

  it('refuses no credential (AUTH_REQUIRED) and a dead one (AUTH_SESSION_INVALID)', async () => {
    await expect(guardFor('manager').canActivate(context(Sample.prototype.managers, Sample))).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'AUTH_REQUIRED',
    });
    await expect(guardFor(null).canActivate(context(Sample.prototype.managers, Sample, TOKEN))).rejects.toMatchObject({
      kind: 'unauthenticated',
      code: 'AUTH_SESSION_INVALID',
    });
  });

  it("checks the handler's roles, else the controller's", async () => {
    await expect(guardFor('manager').canActivate(context(Sample.prototype.managers, Sample, TOKEN))).resolves.toBe(true);
    await expect(guardFor('staff').canActivate(context(Sample.prototype.managers, Sample, TOKEN))).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'AUTH_FORBIDDEN',
    });
    await expect(guardFor('auditor').canActivate(context(Readers.prototype.read, Readers, TOKEN))).resolves.toBe(true);
    await expect(guardFor('auditor').canActivate(context(Readers.prototype.adminOnly, Readers, TOKEN))).rejects.toMatchObject({
      code: 'AUTH_FORBIDDEN',
    });
    await expect(guardFor('admin').canActivate(context(Readers.prototype.adminOnly, Readers, TOKEN))).resolves.toBe(true);
  });

  it('refuses everyone on an endpoint that declares no roles', async () => {
    await expect(guardFor('admin').canActivate(context(Sample.prototype.undeclared, Sample, TOKEN))).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'AUTH_ROLES_UNDECLARED',
    });
  });

  it('will not build @Roles() with no role or an unknown one', () => {
    expect(() => Roles()).toThrow(/known roles/);
    expect(() => Roles('root' as never)).toThrow(/root/);
  });
});
