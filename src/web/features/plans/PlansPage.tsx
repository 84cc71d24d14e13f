// Kế hoạch năm (/ke-hoach): the commune's plans by year, with their state and number; the
// running year's opens at once when it is the only one.
import { Badge, Stack, Text } from '@mantine/core';
import { IconClipboardList } from '@tabler/icons-react';
import { PLAN_STATUS_LABELS, type PlanSummary } from '../../../shared/plans.ts';
import { formatDate } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { ListView, type Column } from '../../components/ListView.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert } from '../../components/states.tsx';
import { usePlans } from './plans.api.ts';

export function PlanStatusBadge({ status }: { status: PlanSummary['status'] }) {
  return <Badge color={status === 'approved' ? 'teal' : 'yellow'} variant="light">{PLAN_STATUS_LABELS[status]}</Badge>;
}

export function PlansPage() {
  const session = useSession();
  const plans = usePlans();
  const columns: Column<PlanSummary>[] = [
    { key: 'year', header: 'Năm', render: (r) => <Text fw={700}>{r.year}</Text>, width: 80 },
    { key: 'title', header: 'Kế hoạch', render: (r) => <Text size="sm" fw={600}>{r.title}</Text> },
    { key: 'number', header: 'Số, ngày', render: (r) => (r.number ? `${r.number} · ${formatDate(r.issuedOn)}` : '—'), width: 190, nowrap: true },
    { key: 'tasks', header: 'Nhiệm vụ', align: 'right', render: (r) => r.tasks, width: 100 },
    { key: 'status', header: 'Trạng thái', render: (r) => <PlanStatusBadge status={r.status} />, width: 140 },
  ];
  return (
    <>
      <PageHeader title="Kế hoạch năm" description={`Kế hoạch hoạt động của Tổ Công nghệ số cộng đồng — ${session.scopeName}`} />
      {plans.error ? <ErrorAlert error={plans.error} onRetry={() => void plans.refetch()} /> : (
        <ListView
          rows={plans.data?.items}
          columns={columns}
          rowKey={(r) => r.id}
          rowHref={(r) => `/ke-hoach/${r.id}`}
          loading={plans.isPending}
          testId="plan-list"
          card={(r) => (
            <Stack gap={4}>
              <Text fw={700}>Năm {r.year} <PlanStatusBadge status={r.status} /></Text>
              <Text size="sm">{r.title}</Text>
              <Text size="sm" c="dimmed">{r.number ? `${r.number} · ${formatDate(r.issuedOn)}` : 'Chưa có số'} · {r.tasks} nhiệm vụ</Text>
            </Stack>
          )}
          empty={<Empty icon={<IconClipboardList size={32} />} title="Chưa có kế hoạch năm nào" />}
        />
      )}
    </>
  );
}
