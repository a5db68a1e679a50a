import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function DashboardPage() {
  useTitle('Dashboard');
  return <h1>Dashboard</h1>;
}
