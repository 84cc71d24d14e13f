// The field app's routes (/thuc-dia/…) and the door-card gate. Every page is loaded on
// demand: the desk app's first load carries none of it, and the field app none of the desk.
import { Center, Loader } from '@mantine/core';
import { useEffect, useState, type ComponentType } from 'react';
import { Navigate, Outlet, useParams, type RouteObject } from 'react-router';
import { RouteErrorPage } from '../app/guards.tsx';
import { findLocalHouseholdByCard } from './field-card.ts';

function FullLoader() {
  return (
    <Center mih="100dvh" role="status" aria-label="Đang tải">
      <Loader />
    </Center>
  );
}

const page = (load: () => Promise<{ default: ComponentType }>) => async () => ({ Component: (await load()).default });

export const fieldRoutes: RouteObject[] = [
  {
    path: '/thuc-dia',
    // The PIN gate first: nothing of the phone's data opens before it (it renders FieldLayout).
    lazy: page(() => import('./FieldGate.tsx')),
    HydrateFallback: FullLoader,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, lazy: page(() => import('./FieldHomePage.tsx')) },
      { path: 'ho', lazy: page(() => import('./FieldHouseholdsPage.tsx')) },
      { path: 'ho/:id', lazy: page(() => import('./FieldHouseholdPage.tsx')) },
      { path: 'ho/:id/ghi-luot', lazy: page(() => import('./FieldVisitPage.tsx')) },
      { path: 'luot', lazy: page(() => import('./FieldVisitsPage.tsx')) },
      { path: 'tap-huan', lazy: page(() => import('./FieldTrainingsPage.tsx')) },
      { path: 'tap-huan/:id', lazy: page(() => import('./FieldTrainingPage.tsx')) },
      { path: 'truyen-thong', lazy: page(() => import('./FieldCommunicationPage.tsx')) },
      { path: 'truyen-thong/ghi', lazy: page(() => import('./FieldActivityPage.tsx')) },
      { path: 'buoi-huong-dan', lazy: page(() => import('./FieldSessionsPage.tsx')) },
      { path: 'buoi-huong-dan/ghi', lazy: page(() => import('./FieldSessionPage.tsx')) },
      { path: '*', element: <Navigate to="/thuc-dia" replace /> },
    ],
  },
];

/**
 * /q/<code>: the household of a door card, opened in the field app when the phone holds it
 * (works offline); otherwise the desk page below (the child route) resolves it online.
 */
export function FieldCardGate() {
  const { code = '' } = useParams();
  const [target, setTarget] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    findLocalHouseholdByCard(code)
      .then((id) => alive && setTarget(id))
      .catch(() => alive && setTarget(null));
    return () => {
      alive = false;
    };
  }, [code]);
  if (target === undefined) return <FullLoader />;
  if (target) return <Navigate to={`/thuc-dia/ho/${target}`} replace />;
  return <Outlet />;
}
