// Where a scanned door card lands (/q/<code>): finds the household the code belongs to and
// opens it. Login first sends the visitor back here (ProtectedLayout keeps the address).
import { useQuery } from '@tanstack/react-query';
import { Navigate, useParams } from 'react-router';
import { api } from '../../app/api.ts';
import { PageLoader } from '../../app/ProtectedLayout.tsx';
import { DetailError } from '../../components/states.tsx';

export default function CardResolvePage() {
  const { code = '' } = useParams();
  const { data, error, refetch } = useQuery({
    queryKey: ['door-card-resolve', code],
    queryFn: () => api.get<{ householdId: string }>(`/api/door-cards/resolve/${encodeURIComponent(code)}`),
    staleTime: Infinity,
  });
  if (data) return <Navigate to={`/ho-gia-dinh/${data.householdId}`} replace />;
  if (error) return <DetailError error={error} onRetry={() => refetch()} notFoundTitle="Không mở được hộ của thẻ này" />;
  return <PageLoader />;
}
