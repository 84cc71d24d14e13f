// Small tags for a person's groups (student, worker, team member, official), and the name
// cell that list views show with them.
import { Anchor, Badge, Group, Stack } from '@mantine/core';
import { Link } from 'react-router';
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

/** A person's name linking to their page, with their group tags under it (list cells). */
export function PersonNameCell({ person }: { person: Pick<PersonSummary, 'id' | 'fullName' | 'isStudent' | 'isWorker' | 'isTeamMember' | 'isOfficial'> }) {
  return (
    <Stack gap={2}>
      <Anchor component={Link} to={`/nhan-khau/${person.id}`} fw={600}>{person.fullName}</Anchor>
      <GroupBadges person={person} />
    </Stack>
  );
}
