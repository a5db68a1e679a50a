import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function ReportPage() {
  useTitle('Report');
  return <h1>Report</h1>;
}
