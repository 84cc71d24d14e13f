// Small tags for a person's groups (student, worker, team member, official).
import { Badge, Group } from '@mantine/core';
import type { PersonSummary } from '../../app/types.ts';

export function GroupBadges({ person }: { person: Pick<PersonSummary, 'isStudent' | 'isWorker' | 'isTeamMember' | 'isOfficial'> }) {
  const tags = [
    person.isStudent && { label: 'Học sinh', color: 'cyan' },
    person.isWorker && { label: 'Lao động DN/HTX', color: 'lime' },
    person.isTeamMember && { label: 'Tổ CNSCĐ', color: 'grape' },
    person.isOfficial && { label: 'CBCCVC', color: 'indigo' },
  ].filter(Boolean) as { label: string; color: string }[];
  if (!tags.length) return null;
  return (
    <Group gap={4}>
      {tags.map((t) => (
        <Badge key={t.label} size="xs" variant="light" color={t.color} tt="none">{t.label}</Badge>
      ))}
    </Group>
  );
}
