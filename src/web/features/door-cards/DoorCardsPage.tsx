// Printable QR door cards for a village's households or chosen ones: A4 sheets of 2 × 4 cards
// with the head's name, the address, the village team's contact and the server-made QR code.
import { Alert, Button, Group, Text } from '@mantine/core';
import { IconInfoCircle, IconPrinter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api } from '../../app/api.ts';
import { formatNumber, joinDistinct, unitName } from '../../app/format.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Empty, ErrorAlert, LoadingBlock } from '../../components/states.tsx';
import './door-cards.css';

interface DoorCard {
  householdId: string;
  cardCode: string;
  code: string | null;
  headName: string | null;
  address: string | null;
  hamletGroup: string | null;
  villageId: number;
  villageName: string;
  communeName: string | null;
  contacts: Array<{ role: string; roleLabel: string; fullName: string; phone: string | null; text: string }>;
  qrPayload: string;
  qrSvg: string;
}

const CARDS_PER_SHEET = 8;

/** The QR code goes in as an image: the SVG never becomes part of the page's markup. */
const svgDataUrl = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export default function DoorCardsPage() {
  const [params] = useSearchParams();
  const villageId = params.get('villageId');
  const householdIds = params.get('householdIds');
  const { data, error, isPending, refetch } = useQuery({
    queryKey: ['door-cards', { villageId, householdIds }],
    queryFn: () => api.get<{ items: DoorCard[]; total: number }>('/api/door-cards', { villageId, householdIds }),
    enabled: Boolean(villageId || householdIds),
    staleTime: Infinity,
  });

  const first = data?.items[0];
  const where = villageId && first ? first.villageName : null;
  const sheets = chunk(data?.items ?? [], CARDS_PER_SHEET);

  return (
    <>
      <div className="no-print">
        <PageHeader
          title={where ? `Thẻ QR dán cửa · ${where}` : 'Thẻ QR dán cửa'}
          crumbs={[{ label: 'Hộ gia đình', to: villageId ? `/ho-gia-dinh?thon=${villageId}` : '/ho-gia-dinh' }, { label: 'In thẻ QR' }]}
          description={data ? `${formatNumber(data.items.length)} thẻ trên ${formatNumber(sheets.length)} tờ A4 (mỗi tờ ${CARDS_PER_SHEET} thẻ). Cắt theo đường nét đứt.` : undefined}
          actions={
            <Button leftSection={<IconPrinter size={18} />} onClick={() => window.print()} disabled={!data?.items.length} data-testid="print-button">
              In
            </Button>
          }
        />
        {data && data.total > data.items.length && (
          <Alert color="orange" variant="light" icon={<IconInfoCircle />} mb="md">
            Chỉ hiện {formatNumber(data.items.length)} trong {formatNumber(data.total)} hộ. Hãy in theo từng thôn hoặc chọn ít hộ hơn.
          </Alert>
        )}
        {!villageId && !householdIds && <Empty title="Chưa chọn hộ để in thẻ" description="Mở danh sách hộ của một thôn rồi bấm «In thẻ QR»." />}
        {error && <ErrorAlert error={error} onRetry={() => refetch()} title="Không tải được thẻ" />}
        {isPending && (villageId || householdIds) && <LoadingBlock rows={4} />}
        {data && data.items.length === 0 && <Empty title="Thôn chưa có hộ nào để in thẻ" />}
        {data && data.items.length > 0 && (
          <Text size="xs" c="dimmed" mb="sm">
            Mã QR chỉ chứa một mã ngẫu nhiên, không chứa thông tin cá nhân; người quét phải đăng nhập và được phân công địa bàn mới xem được hộ.
          </Text>
        )}
      </div>
      <div data-testid="card-sheets">
        {sheets.map((cards, i) => (
          <section className="card-sheet" key={i} aria-label={`Tờ ${i + 1}`}>
            {cards.map((card) => <DoorCardView key={card.householdId} card={card} />)}
          </section>
        ))}
      </div>
    </>
  );
}

function DoorCardView({ card }: { card: DoorCard }) {
  const contact = card.contacts[0];
  return (
    <article className="door-card" data-testid="door-card">
      <div className="door-card-top">
        <span>Thẻ hộ gia đình</span>
        <span>{unitName(card.communeName, 'commune')}</span>
      </div>
      <div style={{ minWidth: 0 }}>
        <div className="door-card-head">{card.headName ?? 'Hộ chưa có chủ hộ'}</div>
        <div className="door-card-code">{card.code ? `Hộ số ${card.code}` : 'Hộ chưa có số'}</div>
        <div style={{ marginTop: '1.5mm' }}>{joinDistinct([card.address, card.hamletGroup]) || '—'}</div>
        <div>{joinDistinct([card.villageName, unitName(card.communeName, 'commune')])}</div>
      </div>
      <div className="door-card-qr">
        <img src={svgDataUrl(card.qrSvg)} alt={`Mã QR của hộ ${card.code ?? ''}`.trim()} data-testid="door-card-qr" />
        <div className="door-card-hint">Quét để mở hộ</div>
      </div>
      <div className="door-card-contact">
        {contact ? (
          <>Liên hệ {contact.roleLabel}: <b>{contact.fullName}</b>{contact.phone ? ` – ${contact.phone}` : ''}</>
        ) : (
          <>Liên hệ Tổ Công nghệ số cộng đồng của thôn</>
        )}
        {card.contacts[1] && <div>{card.contacts[1].text}</div>}
      </div>
    </article>
  );
}
