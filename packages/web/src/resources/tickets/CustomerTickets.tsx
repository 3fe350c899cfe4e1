import { Button, Empty, Flex, List, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { shanghaiTime } from './ticketModel';
import { Link } from 'react-router';
import { useTickets } from '../../api/tickets';
import { useSession } from '../../app/session';
import { DueCell, KindTag, StatusTag } from './ticketBits';

/** The customer page's tickets tab: every ticket of the customer the caller may see, newest first. */
export const CustomerTickets = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const { data, isPending } = useTickets({ customerId, view: 'all', perPage: 50 });
  const create = can('ticket.create') && (
    <Link to={`/tickets/new?customerId=${customerId}`}>
      <Button icon={<PlusOutlined />} data-testid="customer-new-ticket">
        {t('tickets.customerTab.create')}
      </Button>
    </Link>
  );
  return (
    <Flex vertical gap={12} data-testid="customer-tickets">
      {Boolean(data?.data.length) && <Flex justify="flex-end">{create}</Flex>}
      <List
        loading={isPending}
        dataSource={data?.data}
        locale={{ emptyText: <Empty description={t('tickets.customerTab.empty')}>{create}</Empty> }}
        renderItem={(r) => (
          <List.Item>
            <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
              <Flex justify="space-between" gap={8} wrap>
                <Link to={`/tickets/${r.id}`}>
                  <Typography.Text strong>{r.title}</Typography.Text>
                </Link>
                <Flex gap={4}>
                  <KindTag kind={r.kind} />
                  <StatusTag status={r.status} />
                </Flex>
              </Flex>
              <Flex gap={8} wrap align="center">
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.number} · {shanghaiTime(r.createdAt)} · {r.ownerName}
                </Typography.Text>
                <DueCell item={r} />
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    </Flex>
  );
};
