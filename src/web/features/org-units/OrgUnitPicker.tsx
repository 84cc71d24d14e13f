// The org-tree picker: one searchable tree (tỉnh → xã → thôn) limited to the caller's
// scope; levels that may not be chosen stay visible for orientation but are disabled.
import { TreeSelect, type BoxProps, type TreeNodeData } from '@mantine/core';
import { IconMapPin } from '@tabler/icons-react';
import { useMemo } from 'react';
import type { OrgLevel } from '../../../shared/org-units.ts';
import { foldText, unitName } from '../../app/format.ts';
import { useOrgUnits, type OrgTree } from './org-units.api.ts';

export interface OrgUnitPickerProps {
  value: number | null;
  onChange: (id: number | null) => void;
  /** Levels that may be chosen; others only group the tree. */
  levels?: OrgLevel[];
  label?: string;
  placeholder?: string;
  description?: string;
  error?: React.ReactNode;
  required?: boolean;
  clearable?: boolean;
  disabled?: boolean;
  w?: BoxProps['w'];
  miw?: BoxProps['miw'];
  style?: React.CSSProperties;
  'data-testid'?: string;
  'aria-label'?: string;
}

function toNodes(tree: OrgTree, parentId: number | null, levels: OrgLevel[]): TreeNodeData[] {
  return tree.children(parentId).map((u) => {
    const kids = toNodes(tree, u.id, levels);
    return {
      value: String(u.id),
      label: unitName(u.name, u.level),
      children: kids.length ? kids : undefined,
      nodeProps: levels.includes(u.level) ? undefined : { disabled: true },
    };
  });
}

export function OrgUnitPicker({ value, onChange, levels = ['province', 'commune', 'village'], label, placeholder, description, error, required, clearable, disabled, w, miw, style, ...rest }: OrgUnitPickerProps) {
  const { tree, isPending } = useOrgUnits();
  const data = useMemo(() => toNodes(tree, null, levels), [tree, levels]);
  // Open the tree down to the level above the deepest choosable one: villages in view at once.
  const expanded = useMemo(() => tree.units.filter((u) => u.level !== 'village').map((u) => String(u.id)), [tree]);

  return (
    <TreeSelect
      // Remounted when the tree arrives: TreeSelect keeps the label it first found for a preset value (it showed the id).
      key={isPending ? 'loading' : 'ready'}
      data={data}
      value={value === null ? null : String(value)}
      onChange={(v) => onChange(v ? Number(v) : null)}
      label={label}
      placeholder={isPending ? 'Đang tải…' : placeholder ?? 'Chọn đơn vị'}
      description={description}
      error={error}
      required={required}
      disabled={disabled || isPending}
      clearable={clearable}
      searchable
      filter={(query, node) => foldText(String(node.label)).includes(foldText(query))}
      nothingFoundMessage="Không có đơn vị phù hợp"
      defaultExpandedValues={expanded}
      maxDropdownHeight={360}
      leftSection={<IconMapPin size={16} />}
      chevronAriaLabels={{ expand: 'Mở rộng', collapse: 'Thu gọn' }}
      allowDeselect={false}
      w={w}
      miw={miw}
      style={style}
      comboboxProps={{ shadow: 'md' }}
      data-testid={rest['data-testid']}
      aria-label={rest['aria-label'] ?? label}
    />
  );
}
