import type { ReactNode } from 'react';
import { Menu, type MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  BookOutlined,
  FieldTimeOutlined,
  HomeOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useSession } from './session';
import { adminGroup, selectedKey, visibleItems, workbenchItem, type NavKey } from './navigation';

const icons: Partial<Record<NavKey, ReactNode>> = {
  workbench: <HomeOutlined />,
  orgUnits: <ApartmentOutlined />,
  users: <TeamOutlined />,
  roles: <SafetyCertificateOutlined />,
  dictionaries: <BookOutlined />,
  jobs: <FieldTimeOutlined />,
  auditLog: <AuditOutlined />,
};

export const AppMenu = ({ collapsed = false, onNavigate }: { collapsed?: boolean; onNavigate?: () => void }) => {
  const { t } = useTranslation();
  const { me } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const admin = visibleItems(me, adminGroup.items);
  const all = [workbenchItem, ...admin];
  const toItem = (i: (typeof all)[number]) => ({ key: i.path, icon: icons[i.key], label: t(`nav.${i.key}`) });

  const items: MenuProps['items'] = [
    toItem(workbenchItem),
    ...(admin.length ? [{ type: 'group' as const, key: adminGroup.key, label: collapsed ? null : t(`nav.${adminGroup.key}`), children: admin.map(toItem) }] : []),
  ];
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
