import { Button, Card, Empty, Flex, List, Segmented, Typography } from 'antd';
import { CustomerServiceOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTickets } from '../../api/tickets';
import { useSession } from '../../app/session';
import { DueCell, StatusTag } from './ticketBits';

/** The workbench card: tickets waiting for me, and those about to breach or breached, most urgent first. */
export const WorkbenchTickets = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const handles = can('ticket.handle');
  const [view, setView] = useState<'mine' | 'dueSoon' | 'breached'>('dueSoon');
  // A manager holds few tickets; "mine" for them is everything open that concerns them.
  const query = view === 'mine' ? (handles ? { view: 'mine' } : { status: 'open' }) : { view };
  const { data, isPending } = useTickets({ ...query, perPage: 5, sort: 'resolveDueAt' });
  const mine = useTickets(handles ? { view: 'mine', perPage: 1 } : { status: 'open', perPage: 1 });
  const soon = useTickets({ view: 'dueSoon', perPage: 1 });
  const late = useTickets({ view: 'breached', perPage: 1 });
  const count = (n: number | undefined) => (n === undefined ? '' : ` ${n}`);
  return (
    <Card
      title={t('tickets.workbench.title')}
      extra={
        <Link to="/tickets">
          {t('tickets.workbench.viewAll')} <RightOutlined />
        </Link>
      }
      data-testid="workbench-tickets"
      style={{ height: '100%' }}
    >
      <Flex vertical gap={12}>
        <Segmented
          block
          value={view}
          onChange={(v) => setView(v as typeof view)}
          options={[
            { value: 'dueSoon', label: `${t('tickets.workbench.nearBreach')}${count(soon.data?.count)}` },
            { value: 'breached', label: `${t('tickets.workbench.breached')}${count(late.data?.count)}` },
            { value: 'mine', label: `${t('tickets.workbench.open')}${count(mine.data?.count)}` },
          ]}
        />
        <List
          loading={isPending}
          dataSource={data?.data}
          locale={{
            emptyText: (
              <Empty image={<CustomerServiceOutlined style={{ fontSize: 36, color: '#9db4d8' }} />} styles={{ image: { height: 40 } }} description={<Flex vertical gap={2}><Typography.Text>{t('tickets.workbench.empty')}</Typography.Text><Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('tickets.workbench.emptyHint')}</Typography.Text></Flex>}>
                {can('ticket.create') && (
                  <Link to="/tickets/new">
                    <Button size="small" icon={<PlusOutlined />}>
                      {t('tickets.create')}
                    </Button>
                  </Link>
                )}
              </Empty>
            ),
          }}
          renderItem={(r) => (
            <List.Item style={{ paddingInline: 0 }}>
              <Flex vertical gap={4} style={{ width: '100%', minWidth: 0 }}>
                <Flex justify="space-between" gap={8}>
                  <Link to={`/tickets/${r.id}`} style={{ minWidth: 0 }}>
                    <Typography.Text ellipsis strong style={{ maxWidth: '100%' }}>
                      {r.title}
                    </Typography.Text>
                  </Link>
                  <StatusTag status={r.status} />
                </Flex>
                <Flex gap={8} wrap align="center">
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.customerName}
                  </Typography.Text>
                  <DueCell item={r} />
                </Flex>
              </Flex>
            </List.Item>
          )}
        />
      </Flex>
    </Card>
  );
};
