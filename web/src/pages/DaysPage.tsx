import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function DaysPage() {
  useTitle('Days');
  return <h1>Days</h1>;
}
