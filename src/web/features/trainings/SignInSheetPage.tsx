// The A4 sign-in sheet of a training (/tap-huan/:id/in): the training's details, the invited
// members by village with an empty box to sign, and a QR code that opens the training's page —
// whoever photographs the signed sheet afterwards finds where to attach it.
import { Button, Group, Text } from '@mantine/core';
import { IconArrowLeft, IconPrinter } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { TEAM_ROLE_LABELS } from '../../../shared/teams.ts';
import { TRAINING_TOPIC_LABELS, type SignInSheet } from '../../../shared/trainings.ts';
import { upperVi } from '../../../shared/report-document.ts';
import { formatDateTime } from '../../app/format.ts';
import { DetailError, LoadingBlock } from '../../components/states.tsx';
import { methodText, whenText } from './TrainingBits.tsx';
import { useSignInSheet } from './trainings.api.ts';
import './trainings.css';

export function SignInSheetPage() {
  const { id } = useParams();
  const sheet = useSignInSheet(id);
  // Only while this page is shown does printing hide the desk's header and menu.
  useEffect(() => {
    document.body.classList.add('signin-printing');
    return () => document.body.classList.remove('signin-printing');
  }, []);
  if (!sheet.data) return sheet.error ? <DetailError error={sheet.error} notFoundTitle="Không tìm thấy lớp tập huấn" /> : <LoadingBlock />;
  return (
    <>
      <Group className="no-print" justify="space-between" mb="md" gap="xs">
        <Button component={Link} to={`/tap-huan/${id}`} variant="subtle" leftSection={<IconArrowLeft size={18} />}>Về lớp tập huấn</Button>
        <Group gap="xs">
          <Text size="sm" c="dimmed">{sheet.data.members.length} thành viên · khổ A4</Text>
          <Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()} data-testid="print-now">In danh sách</Button>
        </Group>
      </Group>
      <Sheet sheet={sheet.data} />
    </>
  );
}

function Sheet({ sheet }: { sheet: SignInSheet }) {
  const t = sheet.training;
  const printedAt = useMemo(() => new Date(), []);
  const villages = new Map<string, SignInSheet['members']>();
  for (const m of sheet.members) villages.set(m.village.name, [...(villages.get(m.village.name) ?? []), m]);
  let n = 0;
  return (
    <div className="signin-sheet" data-testid="signin-sheet">
      <div className="signin-head">
        <div>
          <div className="signin-issuer">Ủy ban nhân dân xã {t.orgUnit.name}</div>
          <div className="signin-title">Danh sách ký tên tham dự</div>
          <div className="signin-subtitle" data-testid="signin-title">{upperVi(t.title)}</div>
          <div className="signin-facts">
            <div><b>Thời gian:</b> {whenText(t.startsAt, t.endsAt)}</div>
            <div><b>Địa điểm:</b> {t.place ?? '…………………………'}</div>
            <div><b>Nội dung:</b> {t.topics.map((x) => TRAINING_TOPIC_LABELS[x]).join('; ')}</div>
            <div><b>Hình thức:</b> {methodText(t.method, t.platform)}{t.integratedWith ? `; lồng ghép: ${t.integratedWith}` : ''}</div>
            {(t.organiser || t.trainer) && <div><b>Tổ chức:</b> {[t.organiser, t.trainer ? `người hướng dẫn ${t.trainer}` : null].filter(Boolean).join('; ')}</div>}
          </div>
        </div>
        <div className="signin-qr">
          <div dangerouslySetInnerHTML={{ __html: sheet.qrSvg }} data-testid="signin-qr" />
          <p>Quét để mở lớp tập huấn và gửi ảnh danh sách này</p>
        </div>
      </div>
      <table className="signin-table">
        <thead>
          <tr><th>STT</th><th>Họ và tên</th><th>Vai trò</th><th>Điện thoại</th><th>Ký tên</th></tr>
        </thead>
        <tbody>
          {[...villages.entries()].map(([village, members]) => [
            <tr key={`v-${village}`} className="village"><td colSpan={5}>{village}</td></tr>,
            ...members.map((m) => {
              n += 1;
              return (
                <tr key={m.memberId} data-testid="signin-row">
                  <td className="num">{n}</td>
                  <td>{m.fullName}</td>
                  <td>{TEAM_ROLE_LABELS[m.teamRole]}</td>
                  <td>{m.phone ?? ''}</td>
                  <td className="sign" />
                </tr>
              );
            }),
          ])}
          {[1, 2, 3].map((i) => (
            <tr key={`extra-${i}`}><td className="num">{n + i}</td><td /><td /><td /><td className="sign" /></tr>
          ))}
        </tbody>
      </table>
      <div className="signin-foot">
        <div>Người lập danh sách<span>(Ký, ghi rõ họ tên)</span></div>
        <div>Người hướng dẫn<span>(Ký, ghi rõ họ tên)</span></div>
      </div>
      <Text size="xs" c="dimmed" mt="md">In lúc {formatDateTime(printedAt)} · {sheet.url}</Text>
    </div>
  );
}
