// The home page of every role: what it must act on now (Việc cần làm), the area's real
// figures (cards and a table by village or commune) and the shortcuts that role uses most.
import { Alert, Anchor, Box, Button, Card, Group, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import {
  IconBuildingCommunity,
  IconChartBar,
  IconHistory,
  IconHomePlus,
  IconHomeStar,
  IconId,
  IconInfoCircle,
  IconMapPin,
  IconSchool,
  IconSearch,
  IconUserCheck,
  IconUserCog,
  IconUsers,
  IconBriefcase,
  type Icon,
} from '@tabler/icons-react';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { api } from '../../app/api.ts';
import { formatNumber, formatPercent, unitName } from '../../app/format.ts';
import { useSession } from '../../app/session.tsx';
import { ListView, type Column } from '../../components/ListView.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { TodoCard } from '../todos/TodoCard.tsx';

interface UnitFigures {
  id: number;
  name: string;
  level: string;
  villages: number;
  households: number;
  people: number;
  adults: number;
  age16Plus: number;
  withCccd: number;
  students: number;
  workers: number;
}
export interface HomeFigures {
  scope: { id: number; name: string; level: string };
  totals: Omit<UnitFigures, 'id' | 'name' | 'level'>;
  units: UnitFigures[];
}

export function useHomeFigures() {
  return useQuery({ queryKey: ['stats', 'home'], queryFn: () => api.get<HomeFigures>('/api/stats/home') });
}

function StatCard({ label, value, icon: I, color, hint }: { label: string; value: string; icon: Icon; color: string; hint?: string }) {
  return (
    <Card padding="md" data-testid="stat-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Box miw={0}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>{label}</Text>
          <Text fz={{ base: 22, sm: 26 }} fw={700} className="num" lh={1.3} mt={4}>{value}</Text>
          {hint && <Text size="xs" c="dimmed" mt={2}>{hint}</Text>}
        </Box>
        <ThemeIcon variant="light" color={color} size={38} radius="md" visibleFrom="xs">
          <I size={20} stroke={1.7} />
        </ThemeIcon>
      </Group>
    </Card>
  );
}

function QuickSearch() {
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        navigate(q.trim() ? `/nhan-khau?q=${encodeURIComponent(q.trim())}` : '/nhan-khau');
      }}
    >
      <Group gap="xs" wrap="nowrap">
        <TextInput
          style={{ flex: 1 }}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          placeholder="Tìm nhân khẩu: họ tên (có dấu hoặc không) hoặc số CCCD"
          leftSection={<IconSearch size={18} />}
          aria-label="Tìm nhân khẩu"
        />
        <Button type="submit">Tìm</Button>
      </Group>
    </form>
  );
}

function todayLabel(): string {
  const s = dayjs().locale('vi').format('dddd, DD/MM/YYYY');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function HomePage() {
  const { me, can, isVillageScoped, scopeName } = useSession();
  const { data, error, isPending, refetch } = useHomeFigures();
  const registry = can('registry.read');
  useDocumentTitle('Tổng quan · Tổ CNSCĐ');

  const childNoun = data?.scope.level === 'province' ? 'xã' : 'thôn';
  const unitHref = (u: UnitFigures) => (registry && u.level === 'village' ? `/ho-gia-dinh?thon=${u.id}` : undefined);

  const columns: Column<UnitFigures>[] = [
    {
      key: 'name',
      header: data?.scope.level === 'province' ? 'Xã, phường' : 'Thôn, tổ dân phố',
      render: (u) => {
        const href = unitHref(u);
        return href ? <Anchor component={Link} to={href} fw={600}>{unitName(u.name, u.level)}</Anchor> : <Text fw={600}>{unitName(u.name, u.level)}</Text>;
      },
    },
    ...(data?.scope.level === 'province' ? [{ key: 'villages', header: 'Số thôn', align: 'right' as const, render: (u: UnitFigures) => <span className="num">{formatNumber(u.villages)}</span> }] : []),
    { key: 'households', header: 'Hộ', align: 'right', render: (u) => <span className="num">{formatNumber(u.households)}</span> },
    { key: 'people', header: 'Nhân khẩu', align: 'right', render: (u) => <span className="num">{formatNumber(u.people)}</span> },
    { key: 'age16', header: 'Từ 16 tuổi', align: 'right', render: (u) => <span className="num">{formatNumber(u.age16Plus)}</span> },
    { key: 'adults', header: 'Từ 18 tuổi', align: 'right', render: (u) => <span className="num">{formatNumber(u.adults)}</span> },
    {
      key: 'cccd',
      header: 'Có CCCD',
      align: 'right',
      render: (u) => (
        <span className="num">
          {formatNumber(u.withCccd)} <Text span size="xs" c="dimmed">({formatPercent(u.withCccd, u.age16Plus)})</Text>
        </span>
      ),
    },
    { key: 'students', header: 'Học sinh', align: 'right', render: (u) => <span className="num">{formatNumber(u.students)}</span> },
    { key: 'workers', header: 'Lao động DN/HTX', align: 'right', render: (u) => <span className="num">{formatNumber(u.workers)}</span> },
  ];

  const t = data?.totals;
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Box>
          <Text size="sm" c="dimmed">{todayLabel()}</Text>
          <Title order={1} fz={{ base: 22, sm: 26 }}>Xin chào, {me.fullName}</Title>
          <Text size="sm" c="dimmed" mt={2}>
            {me.roleLabel} · {scopeName}
          </Text>
        </Box>
        <Group gap="xs">
          {can('stats.read') && (
            <Button component={Link} to="/chi-so" variant="light" leftSection={<IconChartBar size={18} />}>Chỉ số, chỉ tiêu</Button>
          )}
          {can('registry.write') && (
            <Button component={Link} to="/ho-gia-dinh/them" leftSection={<IconHomePlus size={18} />}>Thêm hộ gia đình</Button>
          )}
          {registry && isVillageScoped && (
            <Button component={Link} to="/ho-gia-dinh" variant="default" leftSection={<IconHomeStar size={18} />}>Hộ trong thôn</Button>
          )}
          {can('accounts.manage') && (
            <Button component={Link} to="/tai-khoan" variant="default" leftSection={<IconUserCog size={18} />}>Tài khoản</Button>
          )}
          {can('audit.read') && (
            <Button component={Link} to="/nhat-ky" variant="default" leftSection={<IconHistory size={18} />}>Nhật ký</Button>
          )}
        </Group>
      </Group>

      <TodoCard />

      {registry && <QuickSearch />}

      {!registry && (
        <Alert variant="light" color="brand" icon={<IconInfoCircle />}>
          Vai trò của bạn xem số liệu tổng hợp của {scopeName}; thông tin cá nhân của người dân không được hiển thị.
        </Alert>
      )}

      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      {isPending && <LoadingBlock rows={3} />}

      {t && data && (
        <>
          <Box>
            <Group justify="space-between" mb="sm">
              <Title order={2} fz="lg">Số liệu {unitName(data.scope.name, data.scope.level)}</Title>
              <Text size="xs" c="dimmed">Người đang cư trú, tính đến hôm nay</Text>
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 3 }} spacing={{ base: 'xs', sm: 'md' }}>
              {data.scope.level !== 'village' && (
                <StatCard label={data.scope.level === 'province' ? 'Thôn (toàn tỉnh)' : 'Thôn, tổ dân phố'} value={formatNumber(t.villages)} icon={IconMapPin} color="grape" />
              )}
              <StatCard label="Hộ gia đình" value={formatNumber(t.households)} icon={IconHomeStar} color="brand" />
              <StatCard label="Nhân khẩu" value={formatNumber(t.people)} icon={IconUsers} color="teal" hint="đang cư trú" />
              <StatCard label="Từ 16 tuổi" value={formatNumber(t.age16Plus)} icon={IconUserCheck} color="indigo" hint={`${formatPercent(t.age16Plus, t.people)} nhân khẩu`} />
              <StatCard label="Có số CCCD" value={formatNumber(t.withCccd)} icon={IconId} color="orange" hint={`${formatPercent(t.withCccd, t.age16Plus)} so với số từ 16 tuổi`} />
              <StatCard label="Học sinh" value={formatNumber(t.students)} icon={IconSchool} color="cyan" hint="THCS, THPT" />
              {data.scope.level === 'village' && (
                <StatCard label="Lao động DN/HTX" value={formatNumber(t.workers)} icon={IconBriefcase} color="lime" />
              )}
            </SimpleGrid>
          </Box>

          {data.units.length > 1 || data.scope.level !== 'village' ? (
            <Box>
              <Group justify="space-between" mb="sm">
                <Title order={2} fz="lg">Theo {childNoun}</Title>
                {registry && data.scope.level === 'commune' && (
                  <Anchor component={Link} to="/thon" size="sm">Xem danh sách thôn</Anchor>
                )}
              </Group>
              <ListView
                rows={data.units}
                columns={columns}
                rowKey={(u) => u.id}
                rowHref={unitHref}
                testId="home-units"
                minWidth={760}
                card={(u) => (
                  <Stack gap={6}>
                    <Group justify="space-between" wrap="nowrap">
                      <Text fw={600}>{unitName(u.name, u.level)}</Text>
                      <Text size="sm" c="dimmed" className="num">{formatNumber(u.households)} hộ</Text>
                    </Group>
                    <SimpleGrid cols={3} spacing={4}>
                      <Figure label="Nhân khẩu" value={u.people} />
                      <Figure label="Từ 16 tuổi" value={u.age16Plus} />
                      <Figure label="Có CCCD" value={u.withCccd} />
                    </SimpleGrid>
                  </Stack>
                )}
              />
            </Box>
          ) : null}
        </>
      )}
      {data && data.units.length === 0 && (
        <Alert variant="light" color="gray" icon={<IconBuildingCommunity />}>Chưa có đơn vị con nào trong phạm vi của bạn.</Alert>
      )}
    </Stack>
  );
}

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <Box>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" fw={600} className="num">{formatNumber(value)}</Text>
    </Box>
  );
}
