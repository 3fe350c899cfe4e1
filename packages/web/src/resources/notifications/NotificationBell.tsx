import { useState } from 'react';
import { App, Badge, Button, Divider, Empty, Flex, Popover, Spin, Typography } from 'antd';
import { BellOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { TNotification } from '@liaison/shared';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../../api/notifications';
import { useApiError } from '../../app/useApiError';
import { useIsMobile } from '../../components/useIsMobile';
import { badgeText, safeLink } from './notificationModel';
import { NotificationItem } from './NotificationItem';

/** The bell in the header: unread count (polled), the latest entries, mark all read, the way to the list. */
export const NotificationBell = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const showError = useApiError();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data?.count ?? 0;
  const recent = useNotifications({ perPage: 8, status: 'all' }, { enabled: open });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  const go = (n: TNotification) => {
    setOpen(false);
    if (!n.readAt) markRead.mutate(n.id);
    const link = safeLink(n);
    void navigate(link ?? '/notifications');
  };

  const content = (
    <Flex vertical className="notification-popover" data-testid="notification-popover">
      <Flex justify="space-between" align="center" style={{ padding: '4px 4px 8px' }}>
        <Typography.Text strong>{t('notifications.recent')}</Typography.Text>
        <Button
          type="link"
          size="small"
          disabled={count === 0}
          loading={markAll.isPending}
          data-testid="bell-mark-all"
          onClick={() =>
            markAll.mutate(
              { before: unread.data?.latestAt ?? undefined },
              { onSuccess: (r) => void message.success(t('notifications.markedAllRead', { count: r.updated })), onError: (e) => showError(e) },
            )
          }
        >
          {t('notifications.markAllRead')}
        </Button>
      </Flex>
      {recent.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : recent.data?.data.length ? (
        <div className="notification-popover-list">
          {recent.data.data.map((n) => (
            <button key={n.id} type="button" className="notification-row" onClick={() => go(n)}>
              <NotificationItem n={n} compact />
            </button>
          ))}
        </div>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.emptyUnreadHint')} />
      )}
      <Divider style={{ margin: '8px 0' }} />
      <Flex justify="space-between">
        <Button
          type="link"
          size="small"
          icon={<SettingOutlined />}
          onClick={() => {
            setOpen(false);
            void navigate('/me/notifications');
          }}
        >
          {t('notifications.settings')}
        </Button>
        <Button
          type="link"
          size="small"
          data-testid="bell-view-all"
          onClick={() => {
            setOpen(false);
            void navigate('/notifications');
          }}
        >
          {t('notifications.viewAll')}
        </Button>
      </Flex>
    </Flex>
  );

  const bell = (
    <Badge count={count} overflowCount={99} size="small" title={badgeText(count)}>
      <BellOutlined style={{ fontSize: 18 }} />
    </Badge>
  );
  const label = count ? t('notifications.bellUnread', { count }) : t('notifications.bell');

  // On a phone the list page is the popover: a full screen is easier to read and tap than a floating panel.
  if (isMobile)
    return (
      <Button type="text" aria-label={label} data-testid="notification-bell" data-count={count} onClick={() => void navigate('/notifications')}>
        {bell}
      </Button>
    );

  return (
    <Popover content={content} trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight" arrow={false} styles={{ container: { padding: 8 } }}>
      <Button type="text" aria-label={label} data-testid="notification-bell" data-count={count}>
        {bell}
      </Button>
    </Popover>
  );
};
