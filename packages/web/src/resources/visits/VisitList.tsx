import { useMemo, useState } from 'react';
import { Button, Card, DatePicker, Empty, Flex, Input, List, Select, Switch, Table, Tag, Typography } from 'antd';
import { DownloadOutlined, FileExcelOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { isoWeekKey, visitMethods, visitStatuses, type TVisit } from '@liaison/shared';
import { apiUrl } from '../../api/client';
import { useVisitFeed } from '../../api/visits';
import { useSession } from '../../app/session';
import { FilterBar } from '../../components/FilterBar';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { UserSelect } from '../users/UserSelect';
import { useDictionary } from '../customers/useDictionary';
import { VisitDetail } from './VisitDetail';
import { VisitQuickLog } from './VisitQuickLog';
import { methodColor, shortTime, statusColor } from './visitModel';

const PER_PAGE = 20;

/** The visits of the caller's scope, newest first, with filters that live in the URL. */
export const VisitList = () => {
  const { t } = useTranslation();
  const { can, me } = useSession();
  const isMobile = useIsMobile();
  const { label } = useDictionary();
  const [params, setParams] = useSearchParams();
  const [open, setOpen] = useState<string | null>(null);
  const [logging, setLogging] = useState(false);
  const leaderView = me.permissions['visit.read'] !== 'self';
  const get = (k: string) => params.get(k) ?? undefined;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const urlKey = params.toString();
  const query = useMemo(() => {
    const p = new URLSearchParams(urlKey);
    const q: Record<string, string | number | undefined> = { perPage: PER_PAGE };
    for (const k of ['q', 'status', 'method', 'managerId', 'customerId', 'flagged', 'purpose']) if (p.get(k)) q[k] = p.get(k)!;
    if (p.get('from')) q.from = dayjs(p.get('from')).startOf('day').toISOString();
    if (p.get('to')) q.to = dayjs(p.get('to')).add(1, 'day').startOf('day').toISOString();
    return q;
  }, [urlKey]);
  // Paged by cursor ("load more"), never by offset: a leader's feed stays as cheap on its tenth page as on its first (decision 076).
  const { data: feed, isPending, isFetching, error, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } = useVisitFeed(query);
  const rows = useMemo(() => feed?.pages.flatMap((p) => p.data) ?? [], [feed]);
  const now = new Date();

  if (error && !feed) return <LoadError error={error} onRetry={() => void refetch()} />;

  const exportQuery = Object.fromEntries(Object.entries(query).filter(([k]) => k !== 'perPage'));
  const more = (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 12 }} data-testid="visit-feed-more">
      {rows.length > 0 && <Typography.Text type="secondary">{t('visits.list.shown', { count: rows.length })}</Typography.Text>}
      {hasNextPage && (
        <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage} data-testid="visit-load-more">
          {t('visits.list.loadMore')}
        </Button>
      )}
    </Flex>
  );
  const columns = [
    { title: t('visits.fields.time'), key: 'time', width: 120, render: (v: TVisit) => shortTime(v.startAt, now) },
    {
      title: t('visits.fields.customer'),
      key: 'customer',
      render: (v: TVisit) => (
        <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => setOpen(v.id)}>
          {v.customerName}
        </Button>
      ),
    },
    ...(leaderView ? [{ title: t('visits.fields.manager'), key: 'manager', width: 90, render: (v: TVisit) => v.managerName }] : []),
    { title: t('visits.fields.method'), key: 'method', width: 80, render: (v: TVisit) => <Tag color={methodColor[v.method]}>{t(`visits.method.${v.method}`)}</Tag> },
    { title: t('visits.fields.purpose'), key: 'purpose', width: 110, render: (v: TVisit) => label('visitPurpose', v.purpose) },
    { title: t('visits.fields.status'), key: 'status', width: 90, render: (v: TVisit) => <Tag color={statusColor[v.status]}>{t(`visits.status.${v.status}`)}</Tag> },
    {
      title: t('visits.fields.learned'),
      key: 'learned',
      ellipsis: true,
      render: (v: TVisit) => (
        <Flex gap={4} align="center" style={{ minWidth: 0 }}>
          {v.checkIn?.flag && <WarningOutlined style={{ color: '#d46b08' }} title={t(`visits.flag.${v.checkIn.flag}`)} />}
          <Typography.Text ellipsis>{v.learned ?? v.outcome ?? v.note ?? ''}</Typography.Text>
        </Flex>
      ),
    },
  ];

  const filters = (
    <FilterBar
      active={['status', 'method', 'managerId', 'flagged', 'from'].filter((k) => params.get(k)).length}
      search={<Input.Search allowClear placeholder={t('common.search')} defaultValue={get('q')} onSearch={(q) => set({ q })} style={{ width: isMobile ? '100%' : 220 }} />}
      testId="visit-filters"
    >
      <DatePicker.RangePicker
        value={get('from') && get('to') ? [dayjs(get('from')), dayjs(get('to'))] : null}
        onChange={(r) => set({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
        style={{ width: isMobile ? '100%' : 250 }}
      />
      <Select
        allowClear
        placeholder={t('visits.fields.status')}
        value={get('status')}
        onChange={(v) => set({ status: v })}
        options={visitStatuses.map((s) => ({ value: s, label: t(`visits.status.${s}`) }))}
        style={{ width: isMobile ? '100%' : 110 }}
      />
      <Select
        allowClear
        placeholder={t('visits.fields.method')}
        value={get('method')}
        onChange={(v) => set({ method: v })}
        options={visitMethods.map((m) => ({ value: m, label: t(`visits.method.${m}`) }))}
        style={{ width: isMobile ? '100%' : 110 }}
      />
      {leaderView && <UserSelect value={get('managerId')} onChange={(v) => set({ managerId: v ?? undefined })} placeholder={t('visits.fields.manager')} style={{ width: isMobile ? '100%' : 150 }} />}
      <Flex align="center" gap={6}>
        <Switch size="small" checked={get('flagged') === 'true'} onChange={(on) => set({ flagged: on ? 'true' : undefined })} />
        <Typography.Text>{t('visits.list.flagged')}</Typography.Text>
      </Flex>
    </FilterBar>
  );

  const empty = (
    <Empty description={<Flex vertical gap={2}><span>{t('visits.list.empty')}</span><Typography.Text type="secondary">{t('visits.list.emptyHint')}</Typography.Text></Flex>} data-testid="visits-empty" />
  );

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('visits.list.title')}
        description={isMobile ? undefined : t('visits.list.subtitle')}
        extra={
          <>
            {can('visit.create') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setLogging(true)} data-testid="log-visit-any">
                {t('visits.list.log')}
              </Button>
            )}
            {can('visit.export') && (
              <Button icon={<DownloadOutlined />} href={apiUrl('/visits/export.xlsx', exportQuery)} data-testid="export-visits">
                {isMobile ? null : t('visits.list.export')}
              </Button>
            )}
            {can('visit.export') && (
              <Button icon={<FileExcelOutlined />} href={apiUrl('/forms/visit-record.xlsx', { managerId: get('managerId') ?? me.id, week: isoWeekKey(new Date()) })}>
                {isMobile ? null : t('visits.list.form4Week')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Flex vertical gap={12}>
          {filters}
          {isMobile ? (
            <List
              loading={isPending}
              dataSource={rows}
              locale={{ emptyText: empty }}
              loadMore={rows.length ? more : null}
              renderItem={(v) => (
                <List.Item onClick={() => setOpen(v.id)} style={{ cursor: 'pointer' }}>
                  <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                    <Flex justify="space-between" gap={8}>
                      <Typography.Text strong ellipsis>
                        {v.customerName}
                      </Typography.Text>
                      <Typography.Text type="secondary">{shortTime(v.startAt, now)}</Typography.Text>
                    </Flex>
                    <Flex gap={4} wrap>
                      <Tag color={methodColor[v.method]}>{t(`visits.method.${v.method}`)}</Tag>
                      <Tag color={statusColor[v.status]}>{t(`visits.status.${v.status}`)}</Tag>
                      {v.checkIn?.flag && <Tag color="orange">{t(`visits.flag.${v.checkIn.flag}`)}</Tag>}
                    </Flex>
                    {(v.learned ?? v.outcome) && (
                      <Typography.Text type="secondary" ellipsis>
                        {v.learned ?? v.outcome}
                      </Typography.Text>
                    )}
                  </Flex>
                </List.Item>
              )}
              data-testid="visit-cards"
            />
          ) : (
            <Table<TVisit>
              rowKey="id"
              size="middle"
              loading={isFetching && !isFetchingNextPage}
              columns={columns}
              dataSource={rows}
              locale={{ emptyText: empty }}
              pagination={false}
              footer={rows.length ? () => more : undefined}
              onRow={(v) => ({ onDoubleClick: () => setOpen(v.id) })}
              data-testid="visit-table"
            />
          )}
        </Flex>
      </Card>
      <VisitDetail id={open} onClose={() => setOpen(null)} />
      <VisitQuickLog open={logging} onClose={() => setLogging(false)} />
    </Flex>
  );
};
