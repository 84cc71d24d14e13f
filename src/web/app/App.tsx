// Providers (Mantine, dates, notifications, TanStack Query) and the routes of the web app.
import { Center, Loader, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications, notifications } from '@mantine/notifications';
import { useMediaQuery } from '@mantine/hooks';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { FieldCardGate, fieldRoutes } from '../field/field.routes.tsx';
import { ApiError, onAuthProblem } from './api.ts';
import './format.ts';
import { NotFoundPage, RequirePermission, RouteErrorPage } from './guards.tsx';
import { ME_KEY } from './session.tsx';
import { cssVariablesResolver, theme } from './theme.ts';

// The desk's frame, its pages and the login pages load on demand: the field app's first load
// on a phone carries none of them (src/web/field has its own frame).
const LoginPage = lazy(() => import('../features/accounts/LoginPage.tsx').then((m) => ({ default: m.LoginPage })));
const ForcedPasswordPage = lazy(() => import('../features/accounts/ForcedPasswordPage.tsx').then((m) => ({ default: m.ForcedPasswordPage })));
const LazyProtectedLayout = lazy(() => import('./ProtectedLayout.tsx').then((m) => ({ default: m.ProtectedLayout })));
function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Center mih="100dvh" role="status" aria-label="Đang tải"><Loader /></Center>}>{children}</Suspense>;
}
const ProtectedLayout = () => <Loading><LazyProtectedLayout /></Loading>;
const HouseholdCreatePage = lazy(() => import('../features/households/HouseholdCreatePage.tsx').then((m) => ({ default: m.HouseholdCreatePage })));
const HouseholdDetailPage = lazy(() => import('../features/households/HouseholdDetailPage.tsx').then((m) => ({ default: m.HouseholdDetailPage })));
const HouseholdsPage = lazy(() => import('../features/households/HouseholdsPage.tsx').then((m) => ({ default: m.HouseholdsPage })));
const MyAccountPage = lazy(() => import('../features/accounts/MyAccountPage.tsx').then((m) => ({ default: m.MyAccountPage })));
const VillagesPage = lazy(() => import('../features/org-units/VillagesPage.tsx').then((m) => ({ default: m.VillagesPage })));
const PeoplePage = lazy(() => import('../features/people/PeoplePage.tsx').then((m) => ({ default: m.PeoplePage })));
const PersonDetailPage = lazy(() => import('../features/people/PersonDetailPage.tsx').then((m) => ({ default: m.PersonDetailPage })));
const HomePage = lazy(() => import('../features/indicators/HomePage.tsx').then((m) => ({ default: m.HomePage })));
const AccountsPage = lazy(() => import('../features/accounts/AccountsPage.tsx'));
const OrgUnitsPage = lazy(() => import('../features/org-units/OrgUnitsPage.tsx'));
const AuditPage = lazy(() => import('../features/audit/AuditPage.tsx'));
const BackupsPage = lazy(() => import('../features/backups/BackupsPage.tsx'));
const ImportsPage = lazy(() => import('../features/imports/ImportsPage.tsx'));
const ImportWizardPage = lazy(() => import('../features/imports/ImportWizardPage.tsx'));
const DoorCardsPage = lazy(() => import('../features/door-cards/DoorCardsPage.tsx'));
const CardResolvePage = lazy(() => import('../features/door-cards/CardResolvePage.tsx'));
const TeamsPage = lazy(() => import('../features/teams/TeamsPage.tsx').then((m) => ({ default: m.TeamsPage })));
const VillageTeamPage = lazy(() => import('../features/teams/TeamPage.tsx').then((m) => ({ default: m.VillageTeamPage })));
const TeamByIdPage = lazy(() => import('../features/teams/TeamPage.tsx').then((m) => ({ default: m.TeamByIdPage })));
const DashboardPage = lazy(() => import('../features/indicators/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const IndicatorListPage = lazy(() => import('../features/indicators/IndicatorListPage.tsx').then((m) => ({ default: m.IndicatorListPage })));
const TargetsPage = lazy(() => import('../features/indicators/TargetsPage.tsx').then((m) => ({ default: m.TargetsPage })));
const ReportsPage = lazy(() => import('../features/reports/ReportsPage.tsx').then((m) => ({ default: m.ReportsPage })));
const ReportPage = lazy(() => import('../features/reports/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const BudgetPage = lazy(() => import('../features/budget/BudgetPage.tsx').then((m) => ({ default: m.BudgetPage })));
const SessionsPage = lazy(() => import('../features/group-sessions/SessionsPage.tsx').then((m) => ({ default: m.SessionsPage })));
const SessionPage = lazy(() => import('../features/group-sessions/SessionPage.tsx').then((m) => ({ default: m.SessionPage })));
const SessionFormPage = lazy(() => import('../features/group-sessions/SessionFormPage.tsx').then((m) => ({ default: m.SessionFormPage })));
const OrganizationsPage = lazy(() => import('../features/organizations/OrganizationsPage.tsx').then((m) => ({ default: m.OrganizationsPage })));
const OrganizationPage = lazy(() => import('../features/organizations/OrganizationPage.tsx').then((m) => ({ default: m.OrganizationPage })));
const TrainingsPage = lazy(() => import('../features/trainings/TrainingsPage.tsx').then((m) => ({ default: m.TrainingsPage })));
const PlansPage = lazy(() => import('../features/plans/PlansPage.tsx').then((m) => ({ default: m.PlansPage })));
const PlanPage = lazy(() => import('../features/plans/PlanPage.tsx').then((m) => ({ default: m.PlanPage })));
const TasksPage = lazy(() => import('../features/tasks/TasksPage.tsx').then((m) => ({ default: m.TasksPage })));
const OccurrencePage = lazy(() => import('../features/tasks/OccurrencePage.tsx').then((m) => ({ default: m.OccurrencePage })));
const TaskFormPage = lazy(() => import('../features/tasks/TaskFormPage.tsx').then((m) => ({ default: m.TaskFormPage })));
const TaskOverviewPage = lazy(() => import('../features/tasks/TaskOverviewPage.tsx').then((m) => ({ default: m.TaskOverviewPage })));
const TrainingPage = lazy(() => import('../features/trainings/TrainingPage.tsx').then((m) => ({ default: m.TrainingPage })));
const TrainingFormPage = lazy(() => import('../features/trainings/TrainingFormPage.tsx').then((m) => ({ default: m.TrainingFormPage })));
const AwardsPage = lazy(() => import('../features/awards/AwardsPage.tsx').then((m) => ({ default: m.AwardsPage })));
const AwardRulesPage = lazy(() => import('../features/awards/RulesPage.tsx').then((m) => ({ default: m.RulesPage })));
const AwardCampaignPage = lazy(() => import('../features/awards/CampaignPage.tsx').then((m) => ({ default: m.CampaignPage })));
const HonourBoardPage = lazy(() => import('../features/awards/HonourBoardPage.tsx').then((m) => ({ default: m.HonourBoardPage })));
const SignInSheetPage = lazy(() => import('../features/trainings/SignInSheetPage.tsx').then((m) => ({ default: m.SignInSheetPage })));
const CommunicationPage = lazy(() => import('../features/communication/CommunicationPage.tsx').then((m) => ({ default: m.CommunicationPage })));
const NewActivityPage = lazy(() => import('../features/communication/ActivityPage.tsx').then((m) => ({ default: m.NewActivityPage })));
const ActivityPage = lazy(() => import('../features/communication/ActivityPage.tsx').then((m) => ({ default: m.ActivityPage })));
const CampaignsPage = lazy(() => import('../features/communication/CampaignsPage.tsx').then((m) => ({ default: m.CampaignsPage })));
const ChannelsPage = lazy(() => import('../features/communication/ChannelsPage.tsx').then((m) => ({ default: m.ChannelsPage })));
const AssignmentPage = lazy(() => import('../features/teams/AssignmentPage.tsx').then((m) => ({ default: m.AssignmentPage })));

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
  { path: '/dang-nhap', element: <Loading><LoginPage /></Loading> },
  { path: '/doi-mat-khau', element: <Loading><ForcedPasswordPage /></Loading> },
  // The volunteer's offline field app (its own frame, loaded on demand).
  ...fieldRoutes,
  // A door card opens the household in the field app when the phone holds it, else the desk resolves it.
  {
    path: '/q/:code',
    element: <FieldCardGate />,
    children: [
      {
        element: <ProtectedLayout />,
        errorElement: <RouteErrorPage />,
        children: [{ index: true, element: <RequirePermission permission="registry.read"><CardResolvePage /></RequirePermission> }],
      },
    ],
  },
  {
    element: <ProtectedLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'chi-so', element: <RequirePermission permission="stats.read"><DashboardPage /></RequirePermission> },
      // The people behind a figure: personal details, so registry.read (the province sees counts only).
      { path: 'chi-so/:code', element: <RequirePermission permission="registry.read"><IndicatorListPage /></RequirePermission> },
      { path: 'chi-tieu', element: <RequirePermission permission="stats.read"><TargetsPage /></RequirePermission> },
      { path: 'bao-cao', element: <RequirePermission permission="reports.read"><ReportsPage /></RequirePermission> },
      { path: 'bao-cao/:id', element: <RequirePermission permission="reports.read"><ReportPage /></RequirePermission> },
      { path: 'truyen-thong', element: <RequirePermission permission="communication.read"><CommunicationPage /></RequirePermission> },
      { path: 'truyen-thong/moi', element: <RequirePermission permission="communication.write"><NewActivityPage /></RequirePermission> },
      { path: 'truyen-thong/dot', element: <RequirePermission permission="communication.read"><CampaignsPage /></RequirePermission> },
      { path: 'truyen-thong/kenh', element: <RequirePermission permission="communication.read"><ChannelsPage /></RequirePermission> },
      { path: 'truyen-thong/:id', element: <RequirePermission permission="communication.read"><ActivityPage /></RequirePermission> },
      { path: 'thon', element: <RequirePermission permission="registry.read"><VillagesPage /></RequirePermission> },
      { path: 'ho-gia-dinh', element: <RequirePermission permission="registry.read"><HouseholdsPage /></RequirePermission> },
      { path: 'ho-gia-dinh/them', element: <RequirePermission permission="registry.write"><HouseholdCreatePage /></RequirePermission> },
      { path: 'ho-gia-dinh/:id', element: <RequirePermission permission="registry.read"><HouseholdDetailPage /></RequirePermission> },
      { path: 'nhan-khau', element: <RequirePermission permission="registry.read"><PeoplePage /></RequirePermission> },
      { path: 'nhan-khau/:id', element: <RequirePermission permission="registry.read"><PersonDetailPage /></RequirePermission> },
      { path: 'nhap-du-lieu', element: <RequirePermission permission="registry.write"><ImportsPage /></RequirePermission> },
      { path: 'nhap-du-lieu/:id', element: <RequirePermission permission="registry.write"><ImportWizardPage /></RequirePermission> },
      { path: 'the-qr', element: <RequirePermission permission="registry.read"><DoorCardsPage /></RequirePermission> },
      { path: 'to-cnscd', element: <RequirePermission permission="teams.read"><TeamsPage /></RequirePermission> },
      { path: 'to-cnscd/thon/:villageId', element: <RequirePermission permission="teams.read"><VillageTeamPage /></RequirePermission> },
      { path: 'to-cnscd/to/:teamId', element: <RequirePermission permission="teams.read"><TeamByIdPage /></RequirePermission> },
      { path: 'kinh-phi', element: <RequirePermission permission="budget.totals"><BudgetPage /></RequirePermission> },
      { path: 'buoi-huong-dan', element: <RequirePermission permission="registry.read"><SessionsPage /></RequirePermission> },
      { path: 'buoi-huong-dan/moi', element: <RequirePermission permission="sessions.record"><SessionFormPage /></RequirePermission> },
      { path: 'buoi-huong-dan/:id', element: <RequirePermission permission="registry.read"><SessionPage /></RequirePermission> },
      { path: 'buoi-huong-dan/:id/sua', element: <RequirePermission permission="sessions.record"><SessionFormPage /></RequirePermission> },
      { path: 'truong-hoc-doanh-nghiep', element: <RequirePermission permission="registry.read"><OrganizationsPage /></RequirePermission> },
      { path: 'truong-hoc-doanh-nghiep/:id', element: <RequirePermission permission="registry.read"><OrganizationPage /></RequirePermission> },
      { path: 'tap-huan', element: <RequirePermission permission="trainings.read"><TrainingsPage /></RequirePermission> },
      { path: 'tap-huan/moi', element: <RequirePermission permission="trainings.write"><TrainingFormPage /></RequirePermission> },
      { path: 'tap-huan/:id', element: <RequirePermission permission="trainings.read"><TrainingPage /></RequirePermission> },
      { path: 'tap-huan/:id/sua', element: <RequirePermission permission="trainings.write"><TrainingFormPage /></RequirePermission> },
      { path: 'tap-huan/:id/in', element: <RequirePermission permission="trainings.read"><SignInSheetPage /></RequirePermission> },
      { path: 'thi-dua', element: <RequirePermission permission="awards.read"><AwardsPage /></RequirePermission> },
      { path: 'thi-dua/tieu-chi', element: <RequirePermission permission="awards.read"><AwardRulesPage /></RequirePermission> },
      { path: 'thi-dua/:id', element: <RequirePermission permission="awards.read"><AwardCampaignPage /></RequirePermission> },
      { path: 'thi-dua/:id/bang-vinh-danh', element: <RequirePermission permission="awards.read"><HonourBoardPage /></RequirePermission> },
      { path: 'ke-hoach', element: <RequirePermission permission="plans.read"><PlansPage /></RequirePermission> },
      { path: 'ke-hoach/:id', element: <RequirePermission permission="plans.read"><PlanPage /></RequirePermission> },
      { path: 'nhiem-vu', element: <RequirePermission permission="tasks.read"><TasksPage /></RequirePermission> },
      { path: 'nhiem-vu/moi', element: <RequirePermission permission="tasks.manage"><TaskFormPage /></RequirePermission> },
      { path: 'nhiem-vu/dot-xuat', element: <RequirePermission permission="tasks.manage"><TaskFormPage adhoc /></RequirePermission> },
      { path: 'nhiem-vu/:id', element: <RequirePermission permission="tasks.read"><OccurrencePage /></RequirePermission> },
      { path: 'tien-do-xa', element: <RequirePermission permission="stats.read"><TaskOverviewPage /></RequirePermission> },
      { path: 'phan-cong-ho', element: <RequirePermission permission="registry.read"><AssignmentPage /></RequirePermission> },
      { path: 'tai-khoan', element: <RequirePermission permission="accounts.manage"><AccountsPage /></RequirePermission> },
      { path: 'don-vi', element: <RequirePermission permission="org.manage"><OrgUnitsPage /></RequirePermission> },
      { path: 'nhat-ky', element: <RequirePermission permission="audit.read"><AuditPage /></RequirePermission> },
      { path: 'sao-luu', element: <RequirePermission permission="backups.manage"><BackupsPage /></RequirePermission> },
      { path: 'ca-nhan', element: <MyAccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  // On a phone, messages appear at the bottom, away from the page title and the menu.
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <DatesProvider settings={{ locale: 'vi', firstDayOfWeek: 1 }}>
        <QueryClientProvider client={queryClient}>
          <Notifications position={phone ? 'bottom-center' : 'top-right'} limit={3} autoClose={5000} />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}
