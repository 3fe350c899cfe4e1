import type { ReactNode } from 'react';
import { Menu, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  FundOutlined,
  ScheduleOutlined,
  AuditOutlined,
  BarChartOutlined,
  BookOutlined,
  CustomerServiceOutlined,
  LineChartOutlined,
  CloudUploadOutlined,
  FieldTimeOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  HomeOutlined,
  InboxOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  SolutionOutlined,
  SwapOutlined,
  TeamOutlined,
  AimOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from './session';
import { adminGroup, customerGroup, selectedKey, ticketGroup, visibleItems, visitGroup, workbenchItem, type NavGroup, type NavKey } from './navigation';

const icons: Partial<Record<NavKey, ReactNode>> = {
  workbench: <HomeOutlined />,
  orgUnits: <ApartmentOutlined />,
  users: <TeamOutlined />,
  roles: <SafetyCertificateOutlined />,
  dictionaries: <BookOutlined />,
  jobs: <FieldTimeOutlined />,
  auditLog: <AuditOutlined />,
  customers: <SolutionOutlined />,
  pool: <InboxOutlined />,
  changeRequests: <FileDoneOutlined />,
  myRequests: <FileDoneOutlined />,
  imports: <CloudUploadOutlined />,
  handover: <SwapOutlined />,
  departureAudit: <FileSearchOutlined />,
  grading: <BarChartOutlined />,
  gradingRules: <BarChartOutlined />,
  visits: <CarryOutOutlined />,
  calendar: <CalendarOutlined />,
  team: <FundOutlined />,
  contactRules: <ScheduleOutlined />,
  notificationAdmin: <NotificationOutlined />,
  tickets: <CustomerServiceOutlined />,
  ticketStats: <LineChartOutlined />,
  slaSettings: <CalendarOutlined />,
  plans: <ProfileOutlined />,
  indicators: <AimOutlined />,
};

export const AppMenu = ({ collapsed = false, onNavigate }: { collapsed?: boolean; onNavigate?: () => void }) => {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const visit = visibleItems(me, visitGroup.items);
  const customer = visibleItems(me, customerGroup.items);
  const ticket = visibleItems(me, ticketGroup.items);
  const admin = visibleItems(me, adminGroup.items);
  const all = [workbenchItem, ...visit, ...customer, ...ticket, ...admin];
  const toItem = (i: (typeof all)[number]) => ({ key: i.path, icon: icons[i.key], label: t(`nav.${i.key}`) });
  const group = (g: NavGroup, shown: typeof all) =>
    shown.length ? [{ type: 'group' as const, key: g.key, label: collapsed ? null : t(`nav.${g.key}`), children: shown.map(toItem) }] : [];

  const items: MenuProps['items'] = [toItem(workbenchItem), ...group(visitGroup, visit), ...group(customerGroup, customer), ...group(ticketGroup, ticket), ...group(adminGroup, admin)];
  const selected = selectedKey(pathname, all);
  const selectedPath = all.find((i) => i.key === selected)?.path;

  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selectedPath ? [selectedPath] : []}
      inlineCollapsed={collapsed}
      onClick={({ key }) => {
        void navigate(key);
        onNavigate?.();
      }}
      style={{ borderInlineEnd: 'none' }}
      data-testid="app-menu"
    />
  );
};
