import { useState } from 'react';
import { App, Avatar, Button, Dropdown, Flex, Typography } from 'antd';
import { BellOutlined, KeyOutlined, LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSignOut } from '../api/me';
import { ChangePasswordModal } from '../resources/me/ChangePasswordModal';
import { setSignInNotice, useSession } from './session';
import { avatarText } from './avatarText';

export const UserMenu = ({ compact = false }: { compact?: boolean }) => {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [changing, setChanging] = useState(false);

  const onClick = ({ key }: { key: string }) => {
    if (key === 'password') setChanging(true);
    if (key === 'tokens') void navigate('/me/tokens');
    if (key === 'notifications') void navigate('/me/notifications');
    if (key === 'signOut')
      signOut.mutate(undefined, {
        onSettled: () => {
          setSignInNotice('signed_out');
          void message.success(t('userMenu.signedOut'));
          void navigate('/sign-in', { replace: true });
        },
      });
  };

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          onClick,
          items: [
            { key: 'password', icon: <LockOutlined />, label: t('userMenu.changePassword') },
            { key: 'tokens', icon: <KeyOutlined />, label: t('userMenu.tokens') },
            { key: 'notifications', icon: <BellOutlined />, label: t('userMenu.notificationSettings') },
            { type: 'divider' },
            { key: 'signOut', icon: <LogoutOutlined />, label: t('userMenu.signOut'), danger: true },
          ],
        }}
      >
        <Button type="text" className="user-menu-trigger" data-testid="user-menu" style={{ height: 'auto', paddingBlock: 4 }}>
          <Flex align="center" gap={8}>
            <Avatar size={28} style={{ backgroundColor: '#1f4e9c', fontSize: 12 }}>
              {avatarText(me.displayName)}
            </Avatar>
            {!compact && (
              <Typography.Text ellipsis style={{ maxWidth: 140 }}>
                {me.displayName}
              </Typography.Text>
            )}
          </Flex>
        </Button>
      </Dropdown>
      <ChangePasswordModal open={changing} onClose={() => setChanging(false)} />
    </>
  );
};
