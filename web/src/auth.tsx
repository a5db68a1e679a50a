import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, ok, Schemas, setUnauthorizedHandler } from './api';

export type Role = Schemas['Role'];
export type SessionUser = Schemas['SessionUserDto'];

interface AuthState {
  /** undefined while the session is being checked, null when logged out */
  user: SessionUser | null | undefined;
  login(loginName: string, password: string): Promise<void>;
  logout(): Promise<void>;
  hasRole(...roles: Role[]): boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null | undefined>(undefined);

  useEffect(() => {
    setUnauthorizedHandler(() => setUser(null));
    ok(api.GET('/api/auth/me')).then(
      (me) => setUser(me.user),
      () => setUser(null),
    );
  }, []);

  const login = useCallback(async (loginName: string, password: string) => {
    const result = await ok(api.POST('/api/auth/login', { body: { loginName, password } }));
    setUser(result.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await ok(api.POST('/api/auth/logout'));
    } finally {
      setUser(null);
    }
  }, []);

  const hasRole = useCallback((...roles: Role[]) => !!user && roles.includes(user.role), [user]);

  return <AuthContext.Provider value={{ user, login, logout, hasRole }}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
