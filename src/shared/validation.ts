// zod speaks Vietnamese everywhere (server and web), and every error names its field by the
// label the user sees on the form.
import { z } from 'zod';
import { AWARD_FIELD_LABELS } from './awards.ts';
import { MEASURE_LABELS } from './communication.ts';

z.config(z.locales.vi());

export { z };

/** Labels of input fields, used in error messages ("Họ và tên: …"). */
export const FIELD_LABELS: Record<string, string> = {
  // Emulation and awards (listed first: a label the other forms already use wins).
  ...AWARD_FIELD_LABELS,
  username: 'Tên đăng nhập',
  identifier: 'Tên đăng nhập hoặc số điện thoại',
  password: 'Mật khẩu',
  year: 'Năm',
  targets: 'Chỉ tiêu',
  targetPercent: 'Chỉ tiêu (%)',
  currentPassword: 'Mật khẩu hiện tại',
  newPassword: 'Mật khẩu mới',
  fullName: 'Họ và tên',
  phone: 'Số điện thoại',
  role: 'Vai trò',
  orgUnitId: 'Đơn vị',
  name: 'Tên',
  code: 'Mã',
  parentId: 'Đơn vị cấp trên',
  level: 'Cấp',
  villageId: 'Thôn',
  address: 'Địa chỉ',
  hamletGroup: 'Xóm/tổ',
  householdId: 'Hộ gia đình',
  headPersonId: 'Chủ hộ',
  sex: 'Giới tính',
  birthDate: 'Ngày sinh',
  birthYear: 'Năm sinh',
  ethnicity: 'Dân tộc',
  cccd: 'Số CCCD',
  relationToHead: 'Quan hệ với chủ hộ',
  status: 'Trạng thái',
  date: 'Ngày',
  reason: 'Lý do',
  note: 'Ghi chú',
  q: 'Từ khóa tìm kiếm',
  page: 'Trang',
  pageSize: 'Số dòng mỗi trang',
  version: 'Phiên bản',
  confirmWarnings: 'Xác nhận cảnh báo',
  residentSince: 'Cư trú từ ngày',
  headerRow: 'Dòng tiêu đề',
  dataStartRow: 'Dòng dữ liệu đầu tiên',
  sheetIndex: 'Trang tính',
  columns: 'Cột',
  grouping: 'Cách nhận biết hộ',
  fixes: 'Sửa giá trị',
  // Tổ CNSCĐ
  teamRole: 'Vai trò trong tổ',
  affiliation: 'Đoàn thể',
  joinedOn: 'Ngày vào tổ',
  leftOn: 'Ngày rời tổ',
  decisionNumber: 'Số quyết định',
  decisionDate: 'Ngày quyết định',
  formedOn: 'Ngày thành lập',
  endedOn: 'Ngày kết thúc',
  personId: 'Nhân khẩu',
  accountId: 'Tài khoản',
  memberId: 'Thành viên Tổ CNSCĐ',
  householdIds: 'Các hộ được chọn',
  fromDate: 'Từ ngày',
  carryOverMemberIds: 'Thành viên tiếp tục ở tổ mới',
  // Reports
  resultsText: 'Kết quả nổi bật',
  difficultiesText: 'Khó khăn, vướng mắc',
  proposalsText: 'Đề xuất, kiến nghị',
  comment: 'Lý do trả lại',
  // Trainings and evidence files
  file: 'Tệp',
  photoIds: 'Ảnh',
  title: 'Tên lớp tập huấn',
  topics: 'Nội dung', // a training's and an activity's topics alike
  method: 'Hình thức',
  platform: 'Nền tảng',
  integratedWith: 'Lồng ghép với',
  organiser: 'Đơn vị tổ chức',
  trainer: 'Người hướng dẫn',
  place: 'Địa điểm',
  startsAt: 'Bắt đầu',
  endsAt: 'Kết thúc',
  villageIds: 'Thôn',
  costVnd: 'Kinh phí',
  notes: 'Ghi chú',
  trainingId: 'Lớp tập huấn',
  entries: 'Điểm danh',
  completed: 'Hoàn thành khóa học',
  certificateNo: 'Số chứng nhận',
  certificateDate: 'Ngày cấp chứng nhận',
  // Truyền thông (shared/communication.ts)
  activityOn: 'Ngày thực hiện',
  channel: 'Hình thức',
  phase: 'Thời điểm',
  ranBy: 'Người, đơn vị thực hiện',
  ranByMemberId: 'Thành viên Tổ thực hiện',
  campaignId: 'Đợt truyền thông',
  measures: 'Kết quả đo được',
  attendedHouseholdIds: 'Hộ có mặt',
  startsOn: 'Từ ngày',
  endsOn: 'Đến ngày',
  from: 'Từ ngày',
  to: 'Đến ngày',
  description: 'Mô tả',
  available: 'Có kênh này',
  // Kinh phí (shared/budget.ts)
  activity: 'Nội dung chi',
  source: 'Nguồn kinh phí',
  legalBasis: 'Căn cứ pháp lý',
  estimateVnd: 'Dự toán',
  decision: 'Quyết định',
  decidedOn: 'Ngày quyết định',
  lineId: 'Dòng kinh phí',
  committedOn: 'Ngày cam kết',
  amountVnd: 'Số tiền',
  payee: 'Người nhận',
  voucherNo: 'Số chứng từ',
  spentOn: 'Ngày chi',
  link: 'Chi cho',
  commitmentId: 'Cam kết chi',
  voucherFileIds: 'Tệp chứng từ',
  confirmOverrun: 'Xác nhận vượt dự toán',
  month: 'Tháng',
  quantity: 'Số lượng',
  basis: 'Cách tính',
  rates: 'Mức chi',
  provinceId: 'Tỉnh',
  // Plans and tasks.
  implements: 'Văn bản thực hiện',
  purposeText: 'Mục đích',
  requirementsText: 'Yêu cầu',
  generalGoalText: 'Mục tiêu chung',
  contentText: 'Nội dung triển khai',
  clause: 'Mục của kế hoạch',
  responsible: 'Đơn vị chủ trì',
  cooperating: 'Đơn vị phối hợp',
  dueOn: 'Hạn hoàn thành',
  repeat: 'Lặp lại',
  day: 'Ngày trong tháng',
  evidence: 'Minh chứng',
  evidenceExpected: 'Minh chứng cần có',
  recordId: 'Bản ghi minh chứng',
  attachmentId: 'Tệp minh chứng',
  sourceDocument: 'Văn bản yêu cầu',
  documentIds: 'Văn bản yêu cầu',
  // The measures of each channel, named as the activity form names them.
  ...MEASURE_LABELS,
};

export function fieldLabel(path: string): string {
  // 'photoIds.1', 'attendedHouseholdIds.0': labelled by their list ('Ảnh', 'Hộ có mặt'), not by the index.
  const last = path.split(/[./]/).filter((part) => part && !/^\d+$/.test(part)).pop() ?? path;
  return FIELD_LABELS[last] ?? FIELD_LABELS[path] ?? last;
}

/** Vietnamese phone numbers: 10 digits starting with 0 (spaces, dots and +84 accepted). */
export const PhoneSchema = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s.\-()]/g, '').replace(/^\+?84/, '0'))
  .refine((v) => /^0\d{9}$/.test(v), { message: 'Số điện thoại phải gồm 10 chữ số, bắt đầu bằng 0.' });

export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Ngày phải theo dạng YYYY-MM-DD.' })
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), {
    message: 'Ngày không tồn tại.',
  });
