// Small pieces of the awards pages: status badges, a candidate's evidence, figure formatting.
import { Badge, Group, Table, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import {
  AWARD_FIGURES,
  CAMPAIGN_STATUS_LABELS,
  NOMINATION_STATUS_LABELS,
  type AwardFigure,
  type CampaignStatus,
  type Condition,
  type EvidenceItem,
  type NominationStatus,
} from '../../../shared/awards.ts';

export function formatFigure(value: number | boolean | null): string {
  if (value === null) return 'Chưa có số liệu';
  if (typeof value === 'boolean') return value ? 'Có' : 'Chưa';
  const unit = '';
  return value.toLocaleString('vi-VN', { maximumFractionDigits: 2 }) + unit;
}

const OPS: Record<Condition['op'], string> = { '>=': '≥', '<=': '≤', '=': '=', is: '' };
export function conditionText(c: Pick<Condition, 'figure' | 'op' | 'value'>): string {
  const figure = AWARD_FIGURES[c.figure as AwardFigure];
  const label = figure?.label ?? c.figure;
  if (c.op === 'is') return c.value ? label : `Chưa: ${label.toLowerCase()}`;
  return `${label} ${OPS[c.op]} ${formatFigure(c.value as number)}`;
}

const CAMPAIGN_COLORS: Record<CampaignStatus, string> = { draft: 'gray', running: 'blue', closed: 'teal' };
export const CampaignStatusBadge = ({ status }: { status: CampaignStatus }) => (
  <Badge color={CAMPAIGN_COLORS[status]} variant="light">{CAMPAIGN_STATUS_LABELS[status]}</Badge>
);

const NOMINATION_COLORS: Record<NominationStatus, string> = { nominated: 'blue', chosen: 'teal', not_chosen: 'gray', awarded: 'green', revoked: 'red', withdrawn: 'gray' };
export const NominationStatusBadge = ({ status }: { status: NominationStatus }) => (
  <Badge color={NOMINATION_COLORS[status]} variant={status === 'awarded' ? 'filled' : 'light'}>{NOMINATION_STATUS_LABELS[status]}</Badge>
);

/** Each condition of the rule, the figure found and whether it passed, as of the run's date. */
export function EvidenceTable({ evidence, asOf }: { evidence: EvidenceItem[]; asOf: string | null }) {
  if (!evidence.length) return <Text size="sm" c="dimmed">Không có số liệu minh chứng (đề xuất ngoài tiêu chí).</Text>;
  return (
    <>
      <Table withTableBorder fz="sm" data-testid="evidence">
        <Table.Thead>
          <Table.Tr><Table.Th>Điều kiện</Table.Th><Table.Th>Yêu cầu</Table.Th><Table.Th>Số liệu</Table.Th><Table.Th /></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {evidence.map((e) => (
            <Table.Tr key={e.figure}>
              <Table.Td>{e.label}</Table.Td>
              <Table.Td>{e.op === 'is' ? (e.threshold ? 'Có' : 'Không') : `${OPS[e.op]} ${formatFigure(e.threshold as number)}`}</Table.Td>
              <Table.Td fw={600}>{formatFigure(e.actual)}</Table.Td>
              <Table.Td>{e.passed ? <IconCheck size={16} color="var(--mantine-color-green-7)" aria-label="Đạt" /> : <IconX size={16} color="var(--mantine-color-red-7)" aria-label="Chưa đạt" />}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {asOf && <Group gap={4} mt={4}><Text size="xs" c="dimmed">Số liệu tính đến ngày {asOf.split('-').reverse().join('/')}, được giữ nguyên cùng đề xuất.</Text></Group>}
    </>
  );
}

/** A campaign's name in a breadcrumb: long names cut at a word, so the trail fits a phone. */
export function shortName(name: string, max = 36): string {
  if (name.length <= max) return name;
  const cut = name.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 10))}…`;
}
