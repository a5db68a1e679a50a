import { useTitle } from '../hooks';

// Placeholder until this page is built.
export function ExceptionDetailPage() {
  useTitle('ExceptionDetail');
  return <h1>ExceptionDetail</h1>;
}
