// Org units admin: the tree of the admin's area; add a commune or village, rename, change
// the code, stop using (units are never deleted: records keep pointing at them).
import { ActionIcon, Badge, Button, Card, Group, Menu, Stack, Text, TextInput, Tree, useTree, getTreeExpandedState, type TreeNodeData } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconChevronRight, IconDots, IconEdit, IconPlus, IconPower } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { CHILD_LEVEL, CreateOrgUnitSchema, ORG_LEVEL_LABELS, UpdateOrgUnitSchema } from '../../../shared/org-units.ts';
import { api } from '../../app/api.ts';
import { foldText } from '../../app/format.ts';
import type { OrgUnit } from '../../app/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { applyServerErrors, blankToNull, notifyError, notifySaved, stripLabel } from '../../components/forms.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import { ORG_UNITS_KEY, useOrgUnits, type OrgTree } from './org-units.api.ts';

type Dialog = { kind: 'add'; parent: OrgUnit } | { kind: 'edit'; unit: OrgUnit } | { kind: 'toggle'; unit: OrgUnit } | null;

const LEVEL_COLORS = { province: 'grape', commune: 'brand', village: 'teal' } as const;

function toNodes(tree: OrgTree, parentId: number | null, filter: string): TreeNodeData[] {
  return tree.children(parentId).flatMap((u) => {
    const kids = toNodes(tree, u.id, filter);
    const matches = !filter || foldText(u.name).includes(filter) || (u.code ?? '').includes(filter);
    if (!matches && kids.length === 0) return [];
    return [{ value: String(u.id), label: u.name, children: kids.length ? kids : undefined }];
  });
}

export default function OrgUnitsPage() {
  const { tree, isPending, error, refetch } = useOrgUnits({ includeInactive: true });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [filter, setFilter] = useState('');
  const folded = foldText(filter);
  const data = useMemo(() => toNodes(tree, null, folded), [tree, folded]);
  const treeCtl = useTree();
  // Provinces and communes open at first; a filter opens everything it matched.
  useEffect(() => {
    const open = folded ? '*' : tree.units.filter((u) => u.level !== 'village').map((u) => String(u.id));
    treeCtl.setExpandedState(getTreeExpandedState(data, open));
  }, [data]);

  const counts = { commune: tree.ofLevel('commune').length, village: tree.ofLevel('village').length };

  return (
    <>
      <PageHeader title="Đơn vị hành chính" description={`Cây đơn vị: tỉnh → xã, phường → thôn, tổ dân phố. Đang quản lý ${counts.commune} xã, ${counts.village} thôn. Đơn vị không bị xóa; khi không dùng nữa, hãy “ngừng sử dụng”.`} />
      <TextInput mb="md" maw={420} placeholder="Lọc theo tên hoặc mã đơn vị" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} aria-label="Lọc đơn vị" />
      {error && <ErrorAlert error={error} onRetry={() => refetch()} />}
      <Card padding="sm">
        {isPending ? (
          <LoadingBlock />
        ) : (
          <Tree
            data={data}
            tree={treeCtl}
            levelOffset={28}
            expandOnClick={false}
            data-testid="org-tree"
            renderNode={({ node, expanded, hasChildren, elementProps, tree: ctl }) => {
              const unit = tree.byId.get(Number(node.value))!;
              const child = CHILD_LEVEL[unit.level];
              return (
                <Group {...elementProps} justify="space-between" wrap="nowrap" gap="xs" py={6} px={4} style={{ ...elementProps.style, borderRadius: 6, cursor: 'default' }}>
                  <Group gap={6} wrap="nowrap" miw={0}>
                    {hasChildren ? (
                      <ActionIcon variant="subtle" color="gray" size="md" onClick={() => ctl.toggleExpanded(node.value)} aria-label={expanded ? 'Thu gọn' : 'Mở rộng'}>
                        <IconChevronRight size={16} style={{ transform: expanded ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }} />
                      </ActionIcon>
                    ) : (
                      <span style={{ width: 28, display: 'inline-block' }} />
                    )}
                    <Stack gap={0} miw={0}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={unit.level === 'village' ? 500 : 650} c={unit.active ? undefined : 'dimmed'} td={unit.active ? undefined : 'line-through'} truncate>{unit.name}</Text>
                        {!unit.active && <Badge size="xs" color="gray" tt="none">Ngừng sử dụng</Badge>}
                      </Group>
                      <Group gap={6}>
                        <Badge size="xs" variant="light" color={LEVEL_COLORS[unit.level]} tt="none">{ORG_LEVEL_LABELS[unit.level]}</Badge>
                        {unit.code && <Text size="xs" c="dimmed">Mã {unit.code}</Text>}
                      </Group>
                    </Stack>
                  </Group>
                  <Menu position="bottom-end" shadow="md" withinPortal>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Thao tác với ${unit.name}`}><IconDots size={18} /></ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {child && unit.active && (
                        <Menu.Item leftSection={<IconPlus size={16} />} onClick={() => setDialog({ kind: 'add', parent: unit })}>
                          Thêm {ORG_LEVEL_LABELS[child].toLowerCase()}
                        </Menu.Item>
                      )}
                      <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => setDialog({ kind: 'edit', unit })}>Đổi tên, mã</Menu.Item>
                      {unit.level !== 'province' && (
                        <Menu.Item color={unit.active ? 'red' : undefined} leftSection={<IconPower size={16} />} onClick={() => setDialog({ kind: 'toggle', unit })}>
                          {unit.active ? 'Ngừng sử dụng' : 'Sử dụng lại'}
                        </Menu.Item>
                      )}
                    </Menu.Dropdown>
                  </Menu>
                </Group>
              );
            }}
          />
        )}
      </Card>
      {dialog?.kind === 'add' && <UnitFormModal parent={dialog.parent} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'edit' && <UnitFormModal unit={dialog.unit} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'toggle' && <ToggleUnit unit={dialog.unit} onClose={() => setDialog(null)} />}
    </>
  );
}

function useUnitsRefresh() {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ORG_UNITS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['stats'] });
  };
}

function ToggleUnit({ unit, onClose }: { unit: OrgUnit; onClose: () => void }) {
  const refresh = useUnitsRefresh();
  const toggle = useMutation({
    mutationFn: () => api.patch(`/api/org-units/${unit.id}`, { active: !unit.active }),
    onSuccess: () => {
      refresh();
      notifySaved(unit.active ? `Đã ngừng sử dụng ${unit.name}.` : `Đã sử dụng lại ${unit.name}.`);
      onClose();
    },
    onError: (e) => notifyError(e),
  });
  return (
    <ConfirmModal
      opened
      onClose={onClose}
      title={unit.active ? `Ngừng sử dụng ${unit.name}?` : `Sử dụng lại ${unit.name}?`}
      confirmLabel={unit.active ? 'Ngừng sử dụng' : 'Sử dụng lại'}
      color={unit.active ? 'red' : 'brand'}
      loading={toggle.isPending}
      onConfirm={() => toggle.mutate()}
    >
      {unit.active
        ? 'Đơn vị sẽ không còn xuất hiện trong các danh sách chọn và số liệu tổng quan. Dữ liệu cũ vẫn được giữ và có thể sử dụng lại đơn vị bất cứ lúc nào.'
        : 'Đơn vị sẽ xuất hiện trở lại trong các danh sách chọn và số liệu.'}
    </ConfirmModal>
  );
}

function UnitFormModal({ parent, unit, onClose }: { parent?: OrgUnit; unit?: OrgUnit; onClose: () => void }) {
  const refresh = useUnitsRefresh();
  const level = unit ? unit.level : CHILD_LEVEL[parent!.level]!;
  const form = useForm({
    mode: 'controlled',
    initialValues: { name: unit?.name ?? '', code: unit?.code ?? '' },
    validate: (v) => {
      const body = { name: v.name, code: blankToNull(v.code) };
      const parsed = unit ? UpdateOrgUnitSchema.safeParse(body) : CreateOrgUnitSchema.safeParse({ ...body, parentId: parent!.id });
      const errors: Record<string, string> = {};
      if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= stripLabel(String(i.path[0]), i.message);
      return errors;
    },
  });
  const save = useMutation({
    mutationFn: (v: { name: string; code: string }) =>
      unit
        ? api.patch(`/api/org-units/${unit.id}`, { name: v.name.trim(), code: blankToNull(v.code) })
        : api.post('/api/org-units', { parentId: parent!.id, name: v.name.trim(), code: blankToNull(v.code) }),
    onSuccess: (_, v) => {
      refresh();
      notifySaved(unit ? `Đã lưu ${v.name}.` : `Đã thêm ${v.name}.`);
      onClose();
    },
    onError: (e) => {
      applyServerErrors(form, e);
      notifyError(e);
    },
  });
  const levelName = ORG_LEVEL_LABELS[level].toLowerCase();
  return (
    <ResponsiveModal opened onClose={onClose} size="md" title={<Text fw={650} fz="lg">{unit ? `Sửa ${unit.name}` : `Thêm ${levelName} vào ${parent!.name}`}</Text>}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v))}>
        <Stack gap="md">
          <TextInput label={`Tên ${levelName}`} placeholder={level === 'village' ? 'Ví dụ: Thôn Nà Mè' : 'Ví dụ: Xã Bạch Ngọc'} required data-autofocus {...form.getInputProps('name')} />
          <TextInput label="Mã đơn vị" description="Mã hành chính chính thức nếu có (không bắt buộc)." {...form.getInputProps('code')} />
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>Hủy</Button>
            <Button type="submit" loading={save.isPending}>{unit ? 'Lưu' : 'Thêm'}</Button>
          </Group>
        </Stack>
      </form>
    </ResponsiveModal>
  );
}
