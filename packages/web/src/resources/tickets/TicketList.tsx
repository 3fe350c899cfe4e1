import { useEffect, useState } from 'react';
import { Button, Card, Empty, Flex, Input, List, Pagination, Segmented, Select, Table, Typography } from 'antd';
import { CustomerServiceOutlined, PlusOutlined } from '@ant-design/icons';
import { ticketKinds, ticketSeverities, ticketStatuses, type TTicketListItem } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTickets } from '../../api/tickets';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useSession } from '../../app/session';
import { DueCell, KindTag, SeverityTag, StatusTag } from './ticketBits';
import { hasTicketFilters, paramsFromTicketState, ticketApiQuery, ticketStateFromParams, type TicketListState, type TicketView, shanghaiTime } from './ticketModel';

export const TicketList = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const handles = can('ticket.handle');
  const views: TicketView[] = handles ? ['mine', 'unit', 'dueSoon', 'breached', 'all'] : ['all', 'dueSoon', 'breached'];
  const [params, setParams] = useSearchParams();
  const state = ticketStateFromParams(params, handles ? 'unit' : 'all');
  const { data, isFetching, isPending, error, refetch } = useTickets(ticketApiQuery(state));
  const [text, setText] = useState(state.q ?? '');
  const setState = (patch: Partial<TicketListState>, resetPage = true) =>
    setParams(paramsFromTicketState({ ...state, ...patch, ...(resetPage ? { page: 1 } : {}) }), { replace: true });

  useEffect(() => {
    const id = setTimeout(() => {
      if ((state.q ?? '') !== text.trim()) setState({ q: text.trim() || undefined });
    }, 300);
    return () => clearTimeout(id);
    // Only the typed text schedules a search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text]);

  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;
  const filtered = hasTicketFilters(state);
  const createButton = can('ticket.create') && (
    <Link to="/tickets/new">
      <Button type="primary" icon={<PlusOutlined />} data-testid="create-ticket">
        {t('tickets.create')}
      </Button>
    </Link>
  );
  const empty = (
    <Empty
      image={<CustomerServiceOutlined style={{ fontSize: 44, color: '#9db4d8' }} />}
      styles={{ image: { height: 52 } }}
      description={
        <Flex vertical gap={4} align="center">
          <Typography.Text strong>{filtered ? t('tickets.noMatch') : t('tickets.empty')}</Typography.Text>
          <Typography.Text type="secondary">{filtered ? t('tickets.noMatchHint') : t('tickets.emptyHint')}</Typography.Text>
        </Flex>
      }
      data-testid="tickets-empty"
    >
      {filtered ? <Button onClick={() => setParams({ view: state.view }, { replace: true })}>{t('tickets.filters.clear')}</Button> : createButton}
    </Empty>
  );

  const columns = [
    {
      title: t('tickets.columns.number'),
      dataIndex: 'number',
      width: 170,
      render: (_: unknown, r: TTicketListItem) => (
        <Link to={`/tickets/${r.id}`} data-testid="ticket-link">
          {r.number}
        </Link>
      ),
    },
    {
      title: t('tickets.columns.title'),
      dataIndex: 'title',
      render: (_: unknown, r: TTicketListItem) => (
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: r.title }} strong>
            {r.title}
          </Typography.Text>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
            {r.customerName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('tickets.columns.kind'),
      width: 150,
      render: (_: unknown, r: TTicketListItem) => (
        <Flex gap={4} wrap>
          <KindTag kind={r.kind} />
          <SeverityTag severity={r.severity} />
        </Flex>
      ),
    },
    { title: t('tickets.columns.status'), width: 110, render: (_: unknown, r: TTicketListItem) => <StatusTag status={r.status} /> },
    {
      title: t('tickets.columns.owner'),
      width: 150,
      render: (_: unknown, r: TTicketListItem) => (
        <Flex vertical>
          <span>{r.ownerName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.orgUnitName}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('tickets.columns.due'), width: 210, render: (_: unknown, r: TTicketListItem) => <DueCell item={r} /> },
    { title: t('tickets.columns.createdAt'), width: 130, render: (_: unknown, r: TTicketListItem) => shanghaiTime(r.createdAt) },
  ];

  return (
    <>
      <PageHeader title={t('tickets.title')} description={isMobile ? undefined : t('tickets.description')} extra={createButton} />
      <Card>
        <Flex vertical gap={12}>
          <div style={{ overflowX: 'auto' }}>
            <Segmented
              value={state.view}
              onChange={(v) => setState({ view: v as TicketView })}
              options={views.map((v) => ({ value: v, label: t(`tickets.views.${v}`) }))}
              data-testid="ticket-views"
            />
          </div>
          <Flex gap={8} wrap>
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={t('tickets.filters.search')}
              style={{ width: isMobile ? '100%' : 280 }}
              data-testid="ticket-search"
            />
            <Select
              allowClear
              placeholder={t('tickets.filters.kind')}
              value={state.kind}
              onChange={(v) => setState({ kind: v })}
              options={ticketKinds.map((k) => ({ value: k, label: t(`tickets.kinds.${k}`) }))}
              style={{ width: isMobile ? 'calc(33% - 6px)' : 120 }}
            />
            <Select
              allowClear
              placeholder={t('tickets.filters.severity')}
              value={state.severity}
              onChange={(v) => setState({ severity: v })}
              options={ticketSeverities.map((k) => ({ value: k, label: t(`tickets.severities.${k}`) }))}
              style={{ width: isMobile ? 'calc(33% - 6px)' : 120 }}
            />
            <Select
              allowClear
              placeholder={t('tickets.filters.status')}
              value={state.status}
              onChange={(v) => setState({ status: v })}
              options={[{ value: 'open', label: t('tickets.filters.open') }, ...ticketStatuses.map((s) => ({ value: s, label: t(`tickets.statuses.${s}`) }))]}
              style={{ width: isMobile ? 'calc(33% - 6px)' : 130 }}
            />
            {!isMobile && data && (
              <Typography.Text type="secondary" style={{ alignSelf: 'center' }} data-testid="ticket-count">
                {t('common.total', { count: data.count })}
              </Typography.Text>
            )}
          </Flex>
          {isMobile ? (
            <>
              <List
                loading={isFetching}
                dataSource={data?.data}
                locale={{ emptyText: empty }}
                renderItem={(r) => (
                  <List.Item onClick={() => void navigate(`/tickets/${r.id}`)} style={{ cursor: 'pointer', paddingInline: 0 }} data-testid="ticket-card">
                    <Flex vertical gap={6} style={{ width: '100%', minWidth: 0 }}>
                      <Flex justify="space-between" gap={8}>
                        <Typography.Text strong ellipsis style={{ minWidth: 0 }}>
                          {r.title}
                        </Typography.Text>
                        <StatusTag status={r.status} />
                      </Flex>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {r.number} · {r.customerName}
                      </Typography.Text>
                      <Flex gap={4} wrap align="center">
                        <KindTag kind={r.kind} />
                        <SeverityTag severity={r.severity} />
                        <DueCell item={r} />
                      </Flex>
                    </Flex>
                  </List.Item>
                )}
              />
              {data && data.count > 20 && <Pagination simple current={state.page} total={data.count} pageSize={20} onChange={(page) => setState({ page }, false)} />}
            </>
          ) : (
            <Table<TTicketListItem>
              rowKey="id"
              size="middle"
              loading={isFetching && !isPending ? { delay: 200 } : isPending}
              dataSource={data?.data}
              columns={columns}
              scroll={{ x: 1100 }}
              locale={{ emptyText: empty }}
              pagination={{ current: state.page, pageSize: 20, total: data?.count ?? 0, showSizeChanger: false, onChange: (page) => setState({ page }, false) }}
              onRow={(r) => ({ 'data-testid': `ticket-row-${r.number}` }) as never}
              data-testid="ticket-table"
            />
          )}
        </Flex>
      </Card>
    </>
  );
};
