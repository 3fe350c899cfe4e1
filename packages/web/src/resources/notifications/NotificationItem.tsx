import type { TNotification } from '@liaison/shared';
import { Badge, Flex, Tooltip, Typography } from 'antd';
import { formatDateTime, fromNow } from '../../components/format';

/** One entry, as the bell's popover and the list page show it: unread dot, title, detail, when. */
export const NotificationItem = ({ n, compact = false }: { n: TNotification; compact?: boolean }) => (
  <Flex gap={10} align="flex-start" className={`notification-item${n.readAt ? '' : ' is-unread'}`} data-testid="notification-item">
    <Badge status={n.readAt ? 'default' : 'processing'} style={{ marginTop: 6, visibility: n.readAt ? 'hidden' : 'visible' }} />
    <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
      <Typography.Text strong={!n.readAt} style={{ lineHeight: 1.5 }} ellipsis={compact ? { tooltip: n.title } : false}>
        {n.title}
      </Typography.Text>
      {!compact && n.body && <Typography.Text type="secondary">{n.body}</Typography.Text>}
      <Tooltip title={formatDateTime(n.createdAt)}>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {fromNow(n.createdAt)}
        </Typography.Text>
      </Tooltip>
    </Flex>
  </Flex>
);
