import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth';
import { Loading } from './components/Feedback';
import { Layout, navFor } from './components/Layout';
import { BillSearchPage } from './pages/BillSearchPage';
import { DashboardPage } from './pages/DashboardPage';
import { DaysPage } from './pages/DaysPage';
import { BooksPage } from './pages/BooksPage';
import { BatchRunsPage } from './pages/BatchRunsPage';
import { ExceptionDetailPage } from './pages/ExceptionDetailPage';
import { ExceptionsPage } from './pages/ExceptionsPage';
import { ExportsPage } from './pages/ExportsPage';
import { ExportTargetsPage } from './pages/ExportTargetsPage';
import { FailedDebitsPage } from './pages/FailedDebitsPage';
import { ImportsPage } from './pages/ImportsPage';
import { LoginPage } from './pages/LoginPage';
import { DepositsPage } from './pages/DepositsPage';
import { PayoutSourcesPage } from './pages/PayoutSourcesPage';

// The charts library is most of the bundle: only the report page loads it.
const ReportPage = lazy(() => import('./pages/ReportPage').then((m) => ({ default: m.ReportPage })));

function Protected() {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  const home = navFor(user.role)[0]?.to ?? '/report';
  return (
    <Layout>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={home === '/' ? <DashboardPage /> : <Navigate to={home} replace />} />
          <Route path="/imports" element={<ImportsPage />} />
          <Route path="/exceptions" element={<ExceptionsPage />} />
          <Route path="/exceptions/:id" element={<ExceptionDetailPage />} />
          <Route path="/search" element={<BillSearchPage />} />
          <Route path="/report" element={<ReportPage />} />
          <Route path="/days" element={<DaysPage />} />
          <Route path="/exports" element={<ExportsPage />} />
          <Route path="/failed-debits" element={<FailedDebitsPage />} />
          <Route path="/export-targets" element={<ExportTargetsPage />} />
          <Route path="/books" element={<BooksPage />} />
          <Route path="/batch" element={<BatchRunsPage />} />
          <Route path="/deposits" element={<DepositsPage />} />
          <Route path="/payout-sources" element={<PayoutSourcesPage />} />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}

export function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/*" element={<Protected />} />
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}
