// The province's allowance rates of a year for team members, as its People's Council decided
// them: per team a month, per member a month, per person-day of activity. None is assumed; a
// rate left empty means the province does not pay that way this year.
import { NumberInput, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { ALLOWANCE_BASES, ALLOWANCE_BASIS_LABELS, type AllowanceBasis, type AllowanceRates } from '../../../shared/budget.ts';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { setRates } from './budget.api.ts';
import { SaveButtons, moneyInput, useBudgetWrite } from './LineForms.tsx';

type Row = { amount: number | string; legalBasis: string };

export function RatesForm({ rates, onClose }: { rates: AllowanceRates; onClose: () => void }) {
  const [rows, setRows] = useState<Record<AllowanceBasis, Row>>(() => Object.fromEntries(ALLOWANCE_BASES.map((b) => {
    const r = rates.rates.find((x) => x.basis === b);
    return [b, { amount: r?.amountVnd ?? '', legalBasis: r?.legalBasis ?? '' }];
  })) as Record<AllowanceBasis, Row>);
  const { run, busy, error } = useBudgetWrite(`Đã lưu mức chi năm ${rates.year}.`, onClose);
  const set = (b: AllowanceBasis, patch: Partial<Row>) => setRows({ ...rows, [b]: { ...rows[b], ...patch } });
  const save = () => run(() => setRates({
    provinceId: rates.province.id, year: rates.year,
    rates: ALLOWANCE_BASES.map((b) => ({ basis: b, amountVnd: rows[b].amount === '' ? null : Number(rows[b].amount), legalBasis: rows[b].legalBasis })),
  }));
  return (
    <ResponsiveModal opened onClose={onClose} title={`Mức chi bồi dưỡng Tổ CNSCĐ — ${rates.province.name}, năm ${rates.year}`} size="lg">
      <Stack gap="sm">
        <Text size="sm">Nhập theo nghị quyết của HĐND tỉnh. Để trống một mức: năm đó tỉnh không chi theo cách này.</Text>
        <Table.ScrollContainer minWidth={520}>
          <Table data-testid="rates-form">
            <Table.Thead><Table.Tr><Table.Th>Cách tính</Table.Th><Table.Th w={170}>Mức chi</Table.Th><Table.Th>Căn cứ (số nghị quyết, ngày)</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {ALLOWANCE_BASES.map((b) => (
                <Table.Tr key={b}>
                  <Table.Td>{ALLOWANCE_BASIS_LABELS[b]}</Table.Td>
                  <Table.Td><NumberInput aria-label={`Mức chi: ${ALLOWANCE_BASIS_LABELS[b]}`} {...moneyInput} value={rows[b].amount} onChange={(x) => set(b, { amount: x })} data-testid={`rate-${b}`} /></Table.Td>
                  <Table.Td><TextInput aria-label={`Căn cứ: ${ALLOWANCE_BASIS_LABELS[b]}`} value={rows[b].legalBasis} onChange={(e) => set(b, { legalBasis: e.currentTarget.value })} placeholder="Nghị quyết số …/NQ-HĐND" /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <SaveButtons error={error} busy={busy} onCancel={onClose} onSave={() => void save()} saveLabel="Lưu mức chi" saveTestId="save-rates" />
      </Stack>
    </ResponsiveModal>
  );
}
