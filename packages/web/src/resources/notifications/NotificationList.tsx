import { App, Button, Card, Empty, Flex, List, Segmented, Select } from 'antd';
import { CheckOutlined, SettingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { TNotification } from '@liaison/shared';
import { useEventTypes, useMarkAllRead, useMarkRead, useNotifications } from '../../api/notifications';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../app/useApiError';
import { useIsMobile } from '../../components/useIsMobile';
import { readFilters, safeLink, writeFilters, type ListFilters } from './notificationModel';
import { NotificationItem } from './NotificationItem';

/** The notification centre: unread or all, by type; open an entry to go to its record. */
export const NotificationList = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const set = (patch: Partial<ListFilters>) => setParams(writeFilters({ ...filters, page: 1, ...patch }));
  const list = useNotifications({ status: filters.status, type: filters.type, page: filters.page, perPage: 20 });
  const types = useEventTypes();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();

  if (list.error) return <LoadError error={list.error} onRetry={() => void list.refetch()} />;

  const open = (n: TNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const link = safeLink(n);
    if (link) void navigate(link);
  };
  const filtered = Boolean(filters.type) || filters.status === 'all';
  const newest = list.data?.data[0]?.createdAt;

  return (
    <>
      <PageHeader
        title={t('notifications.listTitle')}
        description={t('notifications.listDescription')}
        extra={
          <>
            <Button icon={<SettingOutlined />} onClick={() => void navigate('/me/notifications')}>
              {t('notifications.settings')}
            </Button>
            <Button
              icon={<CheckOutlined />}
              data-testid="mark-all-read"
              loading={markAll.isPending}
              onClick={() =>
                markAll.mutate(
                  { type: filters.type, before: filters.page === 1 && filters.status === 'unread' ? newest : undefined },
                  { onSuccess: (r) => void message.success(t('notifications.markedAllRead', { count: r.updated })), onError: (e) => showError(e) },
                )
              }
            >
              {t('notifications.markAllRead')}
            </Button>
          </>
        }
      />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 12 }}>
          <Segmented
            value={filters.status}
            onChange={(v) => set({ status: v as ListFilters['status'] })}
            options={[
              { value: 'unread', label: t('notifications.unread') },
              { value: 'all', label: t('notifications.all') },
            ]}
            data-testid="status-filter"
          />
          <Select
            allowClear
            placeholder={t('notifications.allTypes')}
            value={filters.type}
            onChange={(v: string | undefined) => set({ type: v })}
            options={(types.data ?? []).map((x) => ({ value: x.type, label: x.label }))}
            style={{ minWidth: isMobile ? '100%' : 220 }}
            aria-label={t('notifications.type')}
            data-testid="type-filter"
          />
        </Flex>
        <List<TNotification>
          loading={list.isPending}
          dataSource={list.data?.data ?? []}
          data-testid="notification-list"
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('notifications.emptyFiltered') : filters.status === 'unread' ? t('notifications.emptyUnreadHint') : t('notifications.emptyHint')}
              >
                {filtered && <Button onClick={() => setParams({})}>{t('notifications.clearFilters')}</Button>}
              </Empty>
            ),
          }}
          pagination={
            (list.data?.count ?? 0) > 20
              ? { current: filters.page, pageSize: 20, total: list.data?.count ?? 0, onChange: (page) => setParams(writeFilters({ ...filters, page })), showSizeChanger: false, size: 'small' }
              : false
          }
          renderItem={(n) => (
            <List.Item
              key={n.id}
              className="notification-list-item"
              actions={
                n.readAt || isMobile
                  ? undefined
                  : [
                      <Button key="read" type="link" size="small" onClick={() => markRead.mutate(n.id, { onError: (e) => showError(e) })}>
                        {t('notifications.markRead')}
                      </Button>,
                    ]
              }
            >
              <button type="button" className="notification-row" onClick={() => open(n)}>
                <NotificationItem n={n} />
              </button>
            </List.Item>
          )}
        />
      </Card>
    </>
  );
};
