// Navigation built from the account's permissions: a link appears only when the page would open.
import {
  IconDatabaseExport,
  IconCoin,
  IconAward,
  IconBuildingCommunity,
  IconChartBar,
  IconClipboardList,
  IconListCheck,
  IconProgressCheck,
  IconDeviceMobile,
  IconFileImport,
  IconSpeakerphone,
  IconHistory,
  IconHome,
  IconHomeHand,
  IconHomeStar,
  IconMapPin,
  IconReportAnalytics,
  IconSchool,
  IconChalkboard,
  IconUserCog,
  IconUsers,
  IconUsersGroup,
  type Icon,
} from '@tabler/icons-react';
import type { Permission } from '../../shared/roles.ts';
import type { Session } from './session.tsx';

export interface NavItem {
  to: string;
  label: string;
  icon: Icon;
  permission?: Permission;
}
export interface NavSection {
  label?: string;
  items: NavItem[];
}

export function buildNav(session: Session): NavSection[] {
  const sections: NavSection[] = [
    {
      items: [
        { to: '/', label: 'Tổng quan', icon: IconHome },
        { to: '/chi-so', label: 'Chỉ số, chỉ tiêu', icon: IconChartBar, permission: 'stats.read' },
        { to: '/bao-cao', label: 'Báo cáo', icon: IconReportAnalytics, permission: 'reports.read' },
        { to: '/ke-hoach', label: 'Kế hoạch năm', icon: IconClipboardList, permission: 'plans.read' },
        // Tasks are a commune's; the province follows its communes' timeliness instead.
        ...(session.me.orgUnit.level === 'province'
          ? [{ to: '/tien-do-xa', label: 'Tiến độ các xã', icon: IconProgressCheck, permission: 'stats.read' as const }]
          : [{ to: '/nhiem-vu', label: 'Nhiệm vụ', icon: IconListCheck, permission: 'tasks.read' as const }]),
        { to: '/thuc-dia', label: 'Ứng dụng thực địa', icon: IconDeviceMobile, permission: 'field.sync' },
      ],
    },
    {
      label: 'Dân cư',
      items: [
        // An account of one village goes straight to its households.
        ...(session.isVillageScoped ? [] : [{ to: '/thon', label: 'Thôn, tổ dân phố', icon: IconMapPin, permission: 'registry.read' as const }]),
        { to: '/ho-gia-dinh', label: 'Hộ gia đình', icon: IconHomeStar, permission: 'registry.read' },
        { to: '/nhan-khau', label: 'Nhân khẩu', icon: IconUsers, permission: 'registry.read' },
        { to: '/nhap-du-lieu', label: 'Nhập dữ liệu từ Excel', icon: IconFileImport, permission: 'registry.write' },
      ],
    },
    {
      label: 'Tổ CNSCĐ',
      items: [
        // An account of one village lands on its own village's team.
        { to: '/to-cnscd', label: session.isVillageScoped ? 'Tổ CNSCĐ của thôn' : 'Tổ CNSCĐ các thôn', icon: IconUsersGroup, permission: 'teams.read' },
        { to: '/phan-cong-ho', label: 'Phân công hộ', icon: IconHomeHand, permission: 'teams.assign' },
        { to: '/tap-huan', label: 'Tập huấn', icon: IconSchool, permission: 'trainings.read' },
        { to: '/buoi-huong-dan', label: 'Buổi hướng dẫn tập trung', icon: IconChalkboard, permission: 'registry.read' },
        { to: '/truyen-thong', label: 'Truyền thông', icon: IconSpeakerphone, permission: 'communication.read' },
        { to: '/kinh-phi', label: 'Kinh phí', icon: IconCoin, permission: 'budget.totals' },
        { to: '/thi-dua', label: 'Thi đua, khen thưởng', icon: IconAward, permission: 'awards.read' },
      ],
    },
    {
      label: 'Quản trị',
      items: [
        { to: '/tai-khoan', label: 'Tài khoản người dùng', icon: IconUserCog, permission: 'accounts.manage' },
        { to: '/don-vi', label: 'Đơn vị hành chính', icon: IconBuildingCommunity, permission: 'org.manage' },
        { to: '/nhat-ky', label: 'Nhật ký hệ thống', icon: IconHistory, permission: 'audit.read' },
        { to: '/sao-luu', label: 'Sao lưu dữ liệu', icon: IconDatabaseExport, permission: 'backups.manage' },
      ],
    },
  ];
  return sections
    .map((s) => ({ ...s, items: s.items.filter((i) => !i.permission || session.can(i.permission)) }))
    .filter((s) => s.items.length > 0);
}

export function isActive(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/';
  return pathname === to || pathname.startsWith(`${to}/`);
}
