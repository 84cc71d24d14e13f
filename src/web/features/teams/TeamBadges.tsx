// Small pieces shown wherever a team appears: its size against the plan's 3–5 members, a
// member's role, and a team's decision in one line.
import { Badge, Tooltip } from '@mantine/core';
import { TEAM_ROLE_LABELS, TEAM_SIZE, type TeamRole, teamSizeWarning } from '../../../shared/teams.ts';
import { formatDate } from '../../app/format.ts';

/** "4 thành viên" in teal; red below 3, orange above 5, with the warning on hover. */
export function TeamSizeBadge({ count }: { count: number }) {
  const warning = teamSizeWarning(count);
  const color = count < TEAM_SIZE.min ? 'red' : count > TEAM_SIZE.max ? 'orange' : 'teal';
  const badge = (
    <Badge color={color} variant="light" size="md" className="num" data-testid="team-size" data-warning={warning ? 'true' : 'false'}>
      {count} thành viên
    </Badge>
  );
  return warning ? <Tooltip label={warning} multiline w={240}>{badge}</Tooltip> : badge;
}

const ROLE_COLORS: Record<TeamRole, string> = { leader: 'brand', deputy: 'cyan', member: 'gray' };

export function RoleBadge({ role }: { role: TeamRole }) {
  return <Badge color={ROLE_COLORS[role]} variant={role === 'leader' ? 'filled' : 'light'} size="sm">{TEAM_ROLE_LABELS[role]}</Badge>;
}

/** "QĐ số 12/QĐ-UBND ngày 20/02/2025", or what is known of it. */
export function decisionText(t: { decisionNumber: string | null; decisionDate: string | null }): string | null {
  if (!t.decisionNumber && !t.decisionDate) return null;
  return ['QĐ', t.decisionNumber ? `số ${t.decisionNumber}` : null, t.decisionDate ? `ngày ${formatDate(t.decisionDate)}` : null].filter(Boolean).join(' ');
}
