import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function ExceptionsPage() {
  useTitle('Exceptions');
  return <h1>Exceptions</h1>;
}
