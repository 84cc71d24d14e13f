// Vietnamese labels of registry codes shown across pages.
import type { PersonStatus } from './types.ts';

import { ETHNICITIES, PERSON_STATUS_LABELS, RELATION_LABELS, RELATIONS, RESIDENCE_REASON_LABELS, SEX_LABELS } from '../../shared/people.ts';

export { ETHNICITIES, RELATIONS, RELATION_LABELS, SEX_LABELS };
export const STATUS_LABELS = PERSON_STATUS_LABELS;

export const relationLabel = (code: string | null | undefined) => (code ? (RELATION_LABELS[code as keyof typeof RELATION_LABELS] ?? code) : '—');

export const STATUS_COLORS: Record<PersonStatus, string> = { resident: 'teal', moved_out: 'orange', deceased: 'gray' };

export const reasonLabel = (code: string | null | undefined) => (code ? (RESIDENCE_REASON_LABELS[code] ?? code) : '');

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  create: 'Thêm mới',
  update: 'Sửa',
  login: 'Đăng nhập',
  login_failed: 'Đăng nhập sai',
  login_locked: 'Tạm chặn đăng nhập',
  logout: 'Đăng xuất',
  change_password: 'Đổi mật khẩu',
  reset_password: 'Đặt lại mật khẩu',
  disable: 'Khóa tài khoản',
  enable: 'Mở khóa tài khoản',
  revoke_session: 'Kết thúc phiên',
  reveal_cccd: 'Xem số CCCD',
  move: 'Chuyển hộ',
  end_residence: 'Chuyển đi / qua đời',
  search: 'Tìm kiếm',
  list: 'Xem danh sách',
  export: 'Xuất dữ liệu',
  read: 'Xem',
  view: 'Xem',
  import: 'Nhập từ tệp',
  undo_import: 'Hoàn tác lần nhập',
  delete: 'Xóa',
  discard: 'Hủy lần nhập',
  sync_pull: 'Đồng bộ về điện thoại',
  refused: 'Bị từ chối',
  cccd_conflict: 'Số CCCD trùng người khác',
};
export const actionLabel = (code: string) => AUDIT_ACTION_LABELS[code] ?? code;

export const AUDIT_ENTITY_LABELS: Record<string, string> = {
  account: 'Tài khoản',
  session: 'Phiên đăng nhập',
  audit_log: 'Nhật ký',
  org_unit: 'Đơn vị',
  household: 'Hộ gia đình',
  person: 'Nhân khẩu',
  import_batch: 'Lần nhập dữ liệu',
  team: 'Tổ CNSCĐ',
  team_member: 'Thành viên Tổ CNSCĐ',
  support_event: 'Lượt hỗ trợ',
  person_digital_status: 'Tình trạng số',
  sync: 'Ứng dụng hiện trường',
  attachment: 'Tệp minh chứng',
  training: 'Lớp tập huấn',
  comm_activity: 'Hoạt động truyền thông',
  comm_activity_households: 'Hộ dự họp thôn',
  comm_campaign: 'Đợt truyền thông',
  village_channels: 'Kênh truyền thông của thôn',
};
export const entityLabel = (code: string) => AUDIT_ENTITY_LABELS[code] ?? code;
