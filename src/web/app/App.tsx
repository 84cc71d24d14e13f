// Providers (Mantine, dates, notifications, TanStack Query) and the routes of the web app.
import { MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications, notifications } from '@mantine/notifications';
import { useMediaQuery } from '@mantine/hooks';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ForcedPasswordPage } from '../features/auth/ForcedPasswordPage.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { HouseholdCreatePage } from '../features/households/HouseholdCreatePage.tsx';
import { HouseholdDetailPage } from '../features/households/HouseholdDetailPage.tsx';
import { HouseholdsPage } from '../features/households/HouseholdsPage.tsx';
import { MyAccountPage } from '../features/me/MyAccountPage.tsx';
import { VillagesPage } from '../features/org-units/VillagesPage.tsx';
import { PeoplePage } from '../features/people/PeoplePage.tsx';
import { PersonDetailPage } from '../features/people/PersonDetailPage.tsx';
import { HomePage } from '../features/stats/HomePage.tsx';
import { ApiError, onAuthProblem } from './api.ts';
import './format.ts';
import { NotFoundPage, RequirePermission, RouteErrorPage } from './guards.tsx';
import { ProtectedLayout } from './ProtectedLayout.tsx';
import { ME_KEY } from './session.tsx';
import { theme } from './theme.ts';

const AccountsPage = lazy(() => import('../features/accounts/AccountsPage.tsx'));
const OrgUnitsPage = lazy(() => import('../features/org-units/OrgUnitsPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const ImportsPage = lazy(() => import('../features/imports/ImportsPage.tsx'));
const ImportWizardPage = lazy(() => import('../features/imports/ImportWizardPage.tsx'));
const DoorCardsPage = lazy(() => import('../features/door-cards/DoorCardsPage.tsx'));
const CardResolvePage = lazy(() => import('../features/door-cards/CardResolvePage.tsx'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      // A refusal (4xx) will not change by asking again; a flaky network might.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
    },
  },
});

let sessionEndNotified = false;
onAuthProblem({
  unauthorized: () => {
    if (queryClient.getQueryData(ME_KEY) && !sessionEndNotified) {
      sessionEndNotified = true;
      notifications.show({ color: 'orange', title: 'Phiên đăng nhập đã kết thúc', message: 'Vui lòng đăng nhập lại để tiếp tục.' });
      setTimeout(() => (sessionEndNotified = false), 5000);
    }
    queryClient.setQueryData(ME_KEY, null);
  },
  mustChangePassword: () => {
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  },
});

const router = createBrowserRouter([
  { path: '/dang-nhap', element: <LoginPage /> },
  { path: '/doi-mat-khau', element: <ForcedPasswordPage /> },
  {
    element: <ProtectedLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'thon', element: <RequirePermission permission="registry.read"><VillagesPage /></RequirePermission> },
      { path: 'ho-gia-dinh', element: <RequirePermission permission="registry.read"><HouseholdsPage /></RequirePermission> },
      { path: 'ho-gia-dinh/them', element: <RequirePermission permission="registry.write"><HouseholdCreatePage /></RequirePermission> },
      { path: 'ho-gia-dinh/:id', element: <RequirePermission permission="registry.read"><HouseholdDetailPage /></RequirePermission> },
      { path: 'nhan-khau', element: <RequirePermission permission="registry.read"><PeoplePage /></RequirePermission> },
      { path: 'nhan-khau/:id', element: <RequirePermission permission="registry.read"><PersonDetailPage /></RequirePermission> },
      { path: 'nhap-du-lieu', element: <RequirePermission permission="registry.write"><ImportsPage /></RequirePermission> },
      { path: 'nhap-du-lieu/:id', element: <RequirePermission permission="registry.write"><ImportWizardPage /></RequirePermission> },
      { path: 'the-qr', element: <RequirePermission permission="registry.read"><DoorCardsPage /></RequirePermission> },
      { path: 'q/:code', element: <RequirePermission permission="registry.read"><CardResolvePage /></RequirePermission> },
      { path: 'tai-khoan', element: <RequirePermission permission="accounts.manage"><AccountsPage /></RequirePermission> },
      { path: 'don-vi', element: <RequirePermission permission="org.manage"><OrgUnitsPage /></RequirePermission> },
      { path: 'nhat-ky', element: <RequirePermission permission="audit.read"><AuditPage /></RequirePermission> },
      { path: 'ca-nhan', element: <MyAccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  // On a phone, messages appear at the bottom, away from the page title and the menu.
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <DatesProvider settings={{ locale: 'vi', firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>
          <Notifications position={phone ? 'bottom-center' : 'top-right'} limit={3} autoClose={5000} />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
