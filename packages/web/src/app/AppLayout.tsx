import { Suspense, useState } from 'react';
import { Button, Drawer, Flex, Layout, Spin } from 'antd';
import { MenuFoldOutlined, MenuOutlined, MenuUnfoldOutlined } from '@ant-design/icons';
import { Outlet } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from '../components/useIsMobile';
import { AppMenu } from './AppMenu';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { UserMenu } from './UserMenu';
import { useSession } from './session';
import { ChangePasswordModal } from '../resources/me/ChangePasswordModal';
import { OutboxSync } from '../resources/visits/OutboxSync';

const SIDER_WIDTH = 224;

export const AppLayout = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { me } = useSession();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <Layout className="app-layout">
      {!isMobile && (
        <Layout.Sider
          theme="light"
          width={SIDER_WIDTH}
          collapsed={collapsed}
          collapsedWidth={64}
          trigger={null}
          className="app-sider"
        >
          <Brand collapsed={collapsed} />
          <AppMenu collapsed={collapsed} />
        </Layout.Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={SIDER_WIDTH + 40}
          closable={false}
          styles={{ body: { padding: 0 } }}
          className="app-nav-drawer"
        >
          <Brand />
          <AppMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <Layout className="app-main">
        <Layout.Header className="app-header">
          <Flex align="center" gap={4} style={{ minWidth: 0 }}>
            {isMobile ? (
              <Button type="text" icon={<MenuOutlined />} aria-label={t('common.openMenu')} onClick={() => setDrawerOpen(true)} data-testid="open-menu" />
            ) : (
              <Button
                type="text"
                icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
                aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
                onClick={() => setCollapsed((c) => !c)}
              />
            )}
            {isMobile && <Brand />}
          </Flex>
          <Flex align="center" gap={4}>
            <LanguageSwitch compact={isMobile} />
            <UserMenu compact={isMobile} />
          </Flex>
        </Layout.Header>
        <Layout.Content className="app-content">
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 64 }}>
                <Spin />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordModal open={me.mustChangePassword} forced onClose={() => undefined} />
      {me.permissions['visit.create'] && <OutboxSync userId={me.id} />}
    </Layout>
  );
};
