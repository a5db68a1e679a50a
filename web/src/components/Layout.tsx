import { ReactNode, useEffect, useRef } from 'react';
import { NavLink, useLocation } from 'react-router-dom';
import { Role, useAuth } from '../auth';
import { ROLE_LABELS } from '../labels';

interface NavItem {
  to: string;
  label: string;
  roles: Role[];
}

const NAV: NavItem[] = [
  { to: '/', label: '本日の消込', roles: ['staff', 'manager', 'auditor'] },
  { to: '/imports', label: '取込', roles: ['staff', 'manager', 'auditor', 'operator'] },
  { to: '/exceptions', label: '例外一覧', roles: ['staff', 'manager', 'auditor'] },
  { to: '/search', label: '納付検索', roles: ['staff', 'manager', 'auditor'] },
  { to: '/deposits', label: '入金照合', roles: ['staff', 'manager', 'auditor', 'finance'] },
  { to: '/report', label: 'キャッシュレス率', roles: ['staff', 'manager', 'finance', 'auditor'] },
  { to: '/days', label: '日次締め', roles: ['staff', 'manager', 'auditor'] },
  { to: '/exports', label: '連携出力', roles: ['staff', 'manager', 'auditor'] },
  { to: '/failed-debits', label: '口座振替不能', roles: ['staff', 'manager', 'auditor'] },
  { to: '/export-targets', label: '連携先の設定', roles: ['admin'] },
  { to: '/books', label: '帳票', roles: ['staff', 'manager', 'finance', 'auditor', 'admin'] },
  { to: '/batch', label: '夜間取込', roles: ['staff', 'manager', 'auditor', 'operator'] },
  { to: '/payout-sources', label: '入金元', roles: ['admin'] },
];

export function navFor(role: Role | undefined): NavItem[] {
  return NAV.filter((item) => role && item.roles.includes(role));
}

export function Layout({ children }: { children: ReactNode }) {
  const { user, logout } = useAuth();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  // After navigation, focus moves to the new page so keyboard and screen-reader users start there.
  useEffect(() => {
    main.current?.focus();
  }, [location.pathname]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        本文へ移動
      </a>
      <header className="topbar">
        <span className="brand">
          keshikomi <span className="brand-ja">消込</span>
          <span className="muted"> 垂水市 会計課</span>
        </span>
        <nav aria-label="メインメニュー">
          <ul>
            {navFor(user?.role).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        {user && (
          <span className="user">
            {user.displayName}（{ROLE_LABELS[user.role]}）
            <button type="button" className="link" onClick={() => void logout()}>
              ログアウト
            </button>
          </span>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
