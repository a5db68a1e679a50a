import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function BillSearchPage() {
  useTitle('BillSearch');
  return <h1>BillSearch</h1>;
}
