import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function ImportsPage() {
  useTitle('Imports');
  return <h1>Imports</h1>;
}
