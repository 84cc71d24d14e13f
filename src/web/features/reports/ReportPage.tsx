// One report (/bao-cao/:id): its header and due date, the frozen figures as the document
// prints them, the three free-text parts (editable by the writer while a draft or returned),
// the moves the caller may make (save, recompute, submit; accept, return, approve), the
// downloads and the history of who did what.
import { Alert, Box, Button, Card, Group, Stack, Table, Text, Textarea, Timeline, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconCheck,
  IconDeviceFloppy,
  IconFileTypeDocx,
  IconFileTypeXls,
  IconInfoCircle,
  IconRefresh,
  IconSend,
} from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { formatCount, formatPercent } from '../../../shared/report-document.ts';
import {
  REPORT_ACTION_LABELS,
  REPORT_KIND_LABELS,
  REPORT_KIND_LEVEL,
  REPORT_STATUS_LABELS,
  REPORT_TEXT_FIELDS,
  REPORT_TEXT_LABELS,
  REPORT_TEXT_MAX,
  REVIEW_COMMENT_MAX,
  type ReportRecomputeAnswer,
  type ReportTextField,
  type ReportView,
} from '../../../shared/reports.ts';
import { ApiError, downloadFile } from '../../app/api.ts';
import { formatDate, formatDateTime, unitName } from '../../app/format.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { notifyError, notifySaved } from '../../components/forms.ts';
import { useIsMobile, useLeaveGuard } from '../../components/hooks.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ResponsiveModal } from '../../components/ResponsiveModal.tsx';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { LateBadge, StatusBadge } from './ReportBits.tsx';
import { ReportFiguresView } from './ReportFiguresView.tsx';
import { acceptReport, approveReport, recomputeReport, returnReport, saveReport, submitReport, useReport, useReportUpdated } from './reports.api.ts';
import './reports.css';

type Drafts = Partial<Record<ReportTextField, string>>;
type Pending = 'save' | 'recompute' | 'submit' | 'accept' | 'approve' | 'return' | null;

const CONFLICT_MESSAGE = 'Báo cáo vừa được thay đổi ở nơi khác (lưu, tính lại, nộp hoặc duyệt). Trang đã tải lại bản mới nhất; nội dung bạn vừa gõ vẫn còn trên màn hình. Xem lại rồi bấm lại nếu vẫn muốn lưu.';

function changedFields(report: ReportView, drafts: Drafts): ReportTextField[] {
  return REPORT_TEXT_FIELDS.filter((f) => drafts[f] !== undefined && drafts[f] !== report[f]);
}

function SectionTitle({ children }: { children: ReactNode }) {
  return <Title order={2} fz={{ base: 'md', sm: 'lg' }} tt="uppercase">{children}</Title>;
}

/** Sections II and III are titled by their text's name already: the label is then for screen readers only. */
function FreeText({ report, field, value, editable, onChange, titled = false }: { report: ReportView; field: ReportTextField; value: string; editable: boolean; onChange: (v: string) => void; titled?: boolean }) {
  const label = REPORT_TEXT_LABELS[field];
  if (!editable) {
    return (
      <Stack gap={4} data-testid={`report-text-${field}`}>
        {!titled && <Text size="sm" fw={600}>{label}</Text>}
        {report[field].trim() ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{report[field]}</Text>
        ) : (
          <Text size="sm" c="dimmed" fs="italic">Chưa có nội dung.</Text>
        )}
      </Stack>
    );
  }
  const over = value.length > REPORT_TEXT_MAX;
  return (
    <Textarea
      label={titled ? undefined : label}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autosize
      minRows={4}
      maxRows={16}
      error={over ? `${label}: tối đa ${formatCount(REPORT_TEXT_MAX)} ký tự (đang có ${formatCount(value.length)}).` : undefined}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      description={
        <Text span size="xs" c={over ? 'red' : value.length > REPORT_TEXT_MAX * 0.9 ? 'orange.8' : 'dimmed'} className="num" data-testid={`report-counter-${field}`}>
          {formatCount(value.length)}/{formatCount(REPORT_TEXT_MAX)} ký tự
        </Text>
      }
      data-testid={`report-text-${field}`}
    />
  );
}

function RecomputeResult({ answer, onClose }: { answer: ReportRecomputeAnswer | null; onClose: () => void }) {
  const names = new Map(answer?.report.figures.indicators.map((i) => [i.code, i.name]) ?? []);
  const rate = (c: { numerator: number; denominator: number }) =>
    `${formatCount(c.numerator)}/${formatCount(c.denominator)}${c.denominator > 0 ? ` (${formatPercent(c.numerator / c.denominator)})` : ''}`;
  return (
    <ResponsiveModal opened={answer !== null} onClose={onClose} title={<Text fw={650}>Đã tính lại số liệu</Text>}>
      {answer && answer.changes.length === 0 && (
        <Alert color="gray" variant="light" data-testid="recompute-changes">Không có thay đổi: số liệu hiện tại giống số liệu đã chốt.</Alert>
      )}
      {answer && answer.changes.length > 0 && (
        <Stack gap="xs">
          <Text size="sm">{answer.changes.length} số liệu đã thay đổi so với lần chốt trước:</Text>
          <Table.ScrollContainer minWidth={0} type="native">
            <Table withTableBorder fz="sm" data-testid="recompute-changes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Đơn vị</Table.Th>
                  <Table.Th>Chỉ tiêu</Table.Th>
                  <Table.Th ta="right">Trước</Table.Th>
                  <Table.Th ta="right">Sau</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.changes.map((c, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{c.unit}</Table.Td>
                    <Table.Td>{names.get(c.code) ?? c.code}</Table.Td>
                    <Table.Td ta="right" className="num" style={{ whiteSpace: 'nowrap' }}>{rate(c.before)}</Table.Td>
                    <Table.Td ta="right" className="num" fw={600} style={{ whiteSpace: 'nowrap' }}>→ {rate(c.after)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      )}
      <Group justify="flex-end" mt="md">
        <Button onClick={onClose}>Đóng</Button>
      </Group>
    </ResponsiveModal>
  );
}

function ReturnModal({ opened, onClose, onConfirm, loading }: { opened: boolean; onClose: () => void; onConfirm: (comment: string) => void; loading: boolean }) {
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (opened) {
      setComment('');
      setError(null);
    }
  }, [opened]);
  const submit = () => {
    const text = comment.trim();
    if (!text) return setError('Ghi rõ lý do trả lại.');
    if (text.length > REVIEW_COMMENT_MAX) return setError(`Tối đa ${formatCount(REVIEW_COMMENT_MAX)} ký tự.`);
    onConfirm(text);
  };
  return (
    <ResponsiveModal opened={opened} onClose={onClose} title={<Text fw={650}>Trả lại báo cáo</Text>} size="md">
      <Stack gap="sm">
        <Text size="sm">Người viết sẽ thấy lý do này, sửa báo cáo rồi nộp lại.</Text>
        <Textarea
          label="Lý do trả lại"
          withAsterisk
          autosize
          minRows={3}
          value={comment}
          onChange={(e) => {
            setComment(e.currentTarget.value);
            setError(null);
          }}
          error={error}
          description={`${formatCount(comment.length)}/${formatCount(REVIEW_COMMENT_MAX)} ký tự`}
          inputWrapperOrder={['label', 'input', 'description', 'error']}
          data-autofocus
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose}>Hủy</Button>
          <Button color="orange" onClick={submit} loading={loading} leftSection={<IconArrowBackUp size={18} />}>Trả lại</Button>
        </Group>
      </Stack>
    </ResponsiveModal>
  );
}

function History({ report }: { report: ReportView }) {
  if (report.events.length === 0) return <Text size="sm" c="dimmed">Chưa có thao tác nào.</Text>;
  return (
    <Timeline active={report.events.length - 1} bulletSize={18} lineWidth={2} data-testid="report-history">
      {report.events.map((e, i) => (
        <Timeline.Item
          key={i}
          color={e.action === 'returned' ? 'orange' : e.action === 'accepted' || e.action === 'sent' ? 'teal' : undefined}
          title={<Text size="sm" fw={600}>{REPORT_ACTION_LABELS[e.action]}</Text>}
          data-testid="report-event"
        >
          <Text size="xs" c="dimmed">
            {e.accountName} · {formatDateTime(e.at)}
            {e.fromStatus !== e.toStatus && <> · {REPORT_STATUS_LABELS[e.toStatus]}</>}
          </Text>
          {e.comment && <Text size="sm" fs="italic" mt={2} style={{ whiteSpace: 'pre-wrap' }}>“{e.comment}”</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

export function ReportPage() {
  const { id } = useParams();
  const isMobile = useIsMobile();
  const { data: report, error, isPending, refetch } = useReport(id);
  const updated = useReportUpdated();
  const [drafts, setDrafts] = useState<Drafts>({});
  const [pending, setPending] = useState<Pending>(null);
  const [confirm, setConfirm] = useState<'recompute' | 'submit' | 'accept' | 'approve' | null>(null);
  const [returning, setReturning] = useState(false);
  const [recomputed, setRecomputed] = useState<ReportRecomputeAnswer | null>(null);
  const [downloading, setDownloading] = useState<'docx' | 'xlsx' | null>(null);
  useEffect(() => setDrafts({}), [id]);

  const editable = Boolean(report?.can.edit);
  const changed = report && editable ? changedFields(report, drafts) : [];
  const dirty = changed.length > 0;
  const overLimit = report ? REPORT_TEXT_FIELDS.some((f) => (drafts[f] ?? report[f]).length > REPORT_TEXT_MAX) : false;

  // Typed text is not lost by leaving the page unawares.
  const blocker = useLeaveGuard(dirty);

  if (isPending) return <LoadingBlock rows={8} />;
  if (error || !report) return <DetailError error={error} onRetry={() => void refetch()} notFoundTitle="Không tìm thấy báo cáo" />;

  const failed = (cause: unknown, title: string) => {
    if (cause instanceof ApiError && cause.status === 409) {
      notifications.show({ color: 'orange', title: 'Báo cáo đã thay đổi', message: CONFLICT_MESSAGE, autoClose: 12000 });
      void refetch();
      return;
    }
    notifyError(cause, title);
  };

  /** Saves typed text first when there is any: a move acts on what is on the screen. */
  async function saved(current: ReportView): Promise<ReportView> {
    if (!changedFields(current, drafts).length) return current;
    const body: Record<string, unknown> = { version: current.version };
    for (const f of changedFields(current, drafts)) body[f] = drafts[f];
    const next = await saveReport(current.id, body as { version: number });
    setDrafts({});
    updated(next);
    return next;
  }

  async function run(kind: Exclude<Pending, null>, action: () => Promise<void>, failTitle: string) {
    setPending(kind);
    try {
      await action();
    } catch (cause) {
      failed(cause, failTitle);
    } finally {
      setPending(null);
      setConfirm(null);
    }
  }

  const onSave = () =>
    run('save', async () => {
      await saved(report);
      notifySaved('Đã lưu nháp báo cáo.');
    }, 'Chưa lưu được báo cáo');

  const onRecompute = () =>
    run('recompute', async () => {
      const current = await saved(report);
      const answer = await recomputeReport(current.id, current.version);
      updated(answer.report);
      setRecomputed(answer);
    }, 'Chưa tính lại được số liệu');

  const onSubmit = () =>
    run('submit', async () => {
      const current = await saved(report);
      updated(await submitReport(current.id, current.version));
      notifySaved('Đã nộp báo cáo.');
    }, 'Chưa nộp được báo cáo');

  const onAccept = () =>
    run('accept', async () => {
      updated(await acceptReport(report.id, report.version));
      notifySaved('Đã tiếp nhận báo cáo.');
    }, 'Chưa tiếp nhận được báo cáo');

  const onApprove = () =>
    run('approve', async () => {
      updated(await approveReport(report.id, report.version));
      notifySaved('Đã duyệt báo cáo và gửi Sở KH&CN.');
    }, 'Chưa duyệt được báo cáo');

  const onReturn = (comment: string) =>
    run('return', async () => {
      updated(await returnReport(report.id, report.version, comment));
      setReturning(false);
      notifySaved('Đã trả lại báo cáo kèm lý do.');
    }, 'Chưa trả lại được báo cáo');

  async function onDownload(format: 'docx' | 'xlsx') {
    setDownloading(format);
    try {
      await downloadFile(`/api/reports/${report!.id}/${format}`, undefined, `bao-cao.${format}`);
    } catch (cause) {
      notifyError(cause, 'Chưa tải được tệp');
    } finally {
      setDownloading(null);
    }
  }

  const villageKind = REPORT_KIND_LEVEL[report.kind] === 'village';
  const unit = unitName(report.orgUnit.name, report.orgUnit.level);
  const reviewable = report.can.review && report.status === 'submitted';
  const lastReturn = [...report.events].reverse().find((e) => e.action === 'returned');
  const busy = pending !== null;
  // The server says why a writer cannot submit yet; the page only shows it.
  const blockedBy = report.submitBlockedReason;

  const downloads = report.can.download && (
    <>
      <Button variant="default" leftSection={<IconFileTypeDocx size={18} />} loading={downloading === 'docx'} onClick={() => void onDownload('docx')}>Tải Word (.docx)</Button>
      <Button variant="default" leftSection={<IconFileTypeXls size={18} />} loading={downloading === 'xlsx'} onClick={() => void onDownload('xlsx')}>Tải Excel (.xlsx)</Button>
    </>
  );

  const writerActions = editable && (
    <>
      <Button variant="default" leftSection={<IconDeviceFloppy size={18} />} onClick={onSave} loading={pending === 'save'} disabled={!dirty || overLimit || (busy && pending !== 'save')}>
        Lưu nháp
      </Button>
      {(report.can.submit || blockedBy) && (
        <Button leftSection={<IconSend size={18} />} onClick={() => setConfirm('submit')} disabled={overLimit || busy || blockedBy !== null}>
          {report.status === 'returned' ? 'Nộp lại' : 'Nộp báo cáo'}
        </Button>
      )}
    </>
  );

  const reviewerActions = reviewable && (
    <>
      <Button color="orange" variant="light" leftSection={<IconArrowBackUp size={18} />} onClick={() => setReturning(true)} disabled={busy}>Trả lại</Button>
      {villageKind ? (
        <Button color="teal" leftSection={<IconCheck size={18} />} onClick={() => setConfirm('accept')} disabled={busy}>Tiếp nhận</Button>
      ) : (
        <Button color="teal" leftSection={<IconSend size={18} />} onClick={() => setConfirm('approve')} disabled={busy}>Duyệt và gửi Sở</Button>
      )}
    </>
  );

  const confirmText = {
    recompute: {
      title: 'Tính lại số liệu?',
      body: 'Số liệu trong báo cáo sẽ được lấy lại từ dữ liệu hiện tại, thay cho số đã chốt. Sau đó bạn sẽ thấy những số đã đổi. Lời văn giữ nguyên.',
      label: 'Tính lại',
      color: 'blue',
      go: onRecompute,
    },
    submit: {
      title: report.status === 'returned' ? 'Nộp lại báo cáo?' : 'Nộp báo cáo?',
      body: `Báo cáo sẽ được gửi ${villageKind ? 'Phòng Văn hóa - Xã hội' : 'Lãnh đạo UBND xã duyệt'} với số liệu chốt lúc ${formatDateTime(report.figuresComputedAt)}. Sau khi nộp, bạn không sửa được nữa trừ khi bị trả lại.${dirty ? ' Nội dung vừa gõ sẽ được lưu trước.' : ''}`,
      label: 'Nộp báo cáo',
      color: 'blue',
      go: onSubmit,
    },
    accept: {
      title: 'Tiếp nhận báo cáo?',
      body: `Tiếp nhận báo cáo của ${unit}, ${report.periodLabel.toLocaleLowerCase('vi')}. Báo cáo đã tiếp nhận được tính vào báo cáo của xã.`,
      label: 'Tiếp nhận',
      color: 'teal',
      go: onAccept,
    },
    approve: {
      title: 'Duyệt và gửi Sở KH&CN?',
      body: `Báo cáo của ${unit}, ${report.periodLabel.toLocaleLowerCase('vi')}, sẽ được duyệt và gửi Sở Khoa học và Công nghệ.`,
      label: 'Duyệt và gửi Sở',
      color: 'teal',
      go: onApprove,
    },
  } as const;
  const open = confirm ? confirmText[confirm] : null;

  const actionBar = writerActions || reviewerActions;

  return (
    <Box>
      <PageHeader
        title={REPORT_KIND_LABELS[report.kind]}
        docTitle={`${REPORT_KIND_LABELS[report.kind]} · ${report.periodLabel}`}
        crumbs={[{ label: 'Báo cáo', to: '/bao-cao' }, { label: `${unit} · ${report.periodLabel}` }]}
        description={<>{unit} · {report.periodLabel} ({formatDate(report.periodStart)} – {formatDate(report.periodEnd)})</>}
        badge={<StatusBadge status={report.status} />}
        actions={!isMobile ? downloads : undefined}
      />

      <Stack gap="md">
        <Card padding="sm" data-testid="report-meta">
          <Group gap="lg" wrap="wrap">
            <Text size="sm">
              Hạn nộp: <b>{formatDate(report.dueOn)}</b>
            </Text>
            {report.late && <LateBadge />}
            {report.submittedLate && <LateBadge label="Nộp trễ" />}
            <Text size="sm">
              Nộp lúc: <b>{report.submittedAt ? formatDateTime(report.submittedAt) : 'chưa nộp'}</b>
            </Text>
            {report.sentAt && (
              <Text size="sm" data-testid="report-sent-at">
                Gửi Sở KH&amp;CN lúc: <b>{formatDateTime(report.sentAt)}</b>
              </Text>
            )}
          </Group>
        </Card>

        {report.status === 'returned' && report.reviewComment && (
          <Alert color="orange" variant="light" icon={<IconArrowBackUp />} title="Báo cáo bị trả lại" data-testid="report-returned">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>“{report.reviewComment}”</Text>
            {lastReturn && <Text size="xs" c="dimmed" mt={4}>{lastReturn.accountName} · {formatDateTime(lastReturn.at)}</Text>}
            {editable && <Text size="sm" mt={4}>Sửa theo góp ý rồi bấm <b>Nộp lại</b>.</Text>}
          </Alert>
        )}

        <Alert color="blue" variant="light" icon={<IconInfoCircle />} data-testid="report-frozen">
          <Stack gap={6} align="flex-start">
            <Text size="sm">
              Số liệu chốt lúc <b>{formatDateTime(report.figuresComputedAt)}</b>; dữ liệu thay đổi sau đó không làm đổi báo cáo đã nộp.
              {editable && ' Muốn lấy số mới nhất trước khi nộp, bấm “Tính lại số liệu”.'}
            </Text>
            {editable && (
              <Button size="xs" variant="white" leftSection={<IconRefresh size={16} />} onClick={() => setConfirm('recompute')} loading={pending === 'recompute'} disabled={busy && pending !== 'recompute'}>
                Tính lại số liệu
              </Button>
            )}
          </Stack>
        </Alert>

        <Card padding={isMobile ? 'sm' : 'lg'}>
          <Stack gap="lg">
            <SectionTitle>I. Kết quả</SectionTitle>
            <ReportFiguresView report={report} />
            <FreeText report={report} field="resultsText" value={drafts.resultsText ?? report.resultsText} editable={editable} onChange={(v) => setDrafts((d) => ({ ...d, resultsText: v }))} />
            <SectionTitle>II. Khó khăn, vướng mắc</SectionTitle>
            <FreeText report={report} field="difficultiesText" value={drafts.difficultiesText ?? report.difficultiesText} editable={editable} onChange={(v) => setDrafts((d) => ({ ...d, difficultiesText: v }))} titled />
            <SectionTitle>III. Đề xuất, kiến nghị</SectionTitle>
            <FreeText report={report} field="proposalsText" value={drafts.proposalsText ?? report.proposalsText} editable={editable} onChange={(v) => setDrafts((d) => ({ ...d, proposalsText: v }))} titled />
          </Stack>
        </Card>

        {isMobile && downloads && (
          <Card padding="sm">
            <Stack gap="xs">
              <Text size="sm" fw={600}>Tải báo cáo</Text>
              {downloads}
            </Stack>
          </Card>
        )}

        <Card padding={isMobile ? 'sm' : 'lg'}>
          <Title order={2} fz="md" mb="sm">Lịch sử báo cáo</Title>
          <History report={report} />
        </Card>
      </Stack>

      {actionBar && (
        <div className="report-action-bar" data-testid="report-actions">
          {blockedBy && <Text size="xs" c="dimmed" className="report-action-note" data-testid="report-submit-block">{blockedBy}</Text>}
          {dirty && <Text size="xs" c="orange.8" className="report-action-note">Có nội dung chưa lưu</Text>}
          <Group gap="xs" justify="flex-end" wrap={isMobile ? 'nowrap' : 'wrap'} grow={isMobile}>
            {writerActions}
            {reviewerActions}
          </Group>
        </div>
      )}

      <ConfirmModal opened={open !== null} onClose={() => setConfirm(null)} onConfirm={() => void open?.go()} title={open?.title ?? ''} confirmLabel={open?.label ?? ''} color={open?.color} loading={busy}>
        {open?.body}
      </ConfirmModal>
      <ReturnModal opened={returning} onClose={() => setReturning(false)} onConfirm={(c) => void onReturn(c)} loading={pending === 'return'} />
      <RecomputeResult answer={recomputed} onClose={() => setRecomputed(null)} />
      <ConfirmModal
        opened={blocker.state === 'blocked'}
        onClose={() => blocker.reset?.()}
        onConfirm={() => blocker.proceed?.()}
        title="Rời trang khi chưa lưu?"
        confirmLabel="Rời trang, bỏ nội dung"
      >
        Nội dung bạn vừa gõ chưa được lưu. Ở lại rồi bấm “Lưu nháp” để giữ lại.
      </ConfirmModal>
    </Box>
  );
}
