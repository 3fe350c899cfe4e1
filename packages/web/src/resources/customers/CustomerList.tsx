import { useMemo, useState } from 'react';
import { Button, Card, Empty, Flex, Select, Table, Tooltip, Typography } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, InboxOutlined, PlusOutlined, SolutionOutlined } from '@ant-design/icons';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useCustomers } from '../../api/customers';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useSession } from '../../app/session';
import { BulkActions } from './BulkActions';
import { CustomerCards } from './CustomerCards';
import { CustomerFilters } from './CustomerFilters';
import { CustomerForm, type CustomerFormTarget } from './CustomerForm';
import { SavedFilters } from './SavedFilters';
import { customerColumns } from './customerColumns';
import {
  customerStateFromParams,
  exportHref,
  filtersOnly,
  hasCustomerFilters,
  paramsFromCustomerState,
  sortParam,
  toApiQuery,
  type CustomerListState,
} from './customerModel';

const sortChoices = ['name', '-lastContactAt', 'lastContactAt', 'onsiteDueAt', 'phoneDueAt', '-createdAt', 'createdAt'] as const;

export const CustomerList = () => {
  const { t } = useTranslation();
  const { can, me } = useSession();
  const leaderView = me.permissions['customer.read'] !== 'self';
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const state = customerStateFromParams(params);
  const urlKey = params.toString();
  // Recomputed only when the URL changes, so "not contacted for N days" does not refetch on every render.
  const apiQuery = useMemo(() => toApiQuery(customerStateFromParams(new URLSearchParams(urlKey))), [urlKey]);
  const { data, isFetching, isPending, error, refetch } = useCustomers(apiQuery);
  const [form, setForm] = useState<CustomerFormTarget | null>(null);
  const [selected, setSelected] = useState<TCustomer[]>([]);
  const canBulk = !isMobile && (can('customer.update') || can('customer.assign'));

  const setState = (patch: Partial<CustomerListState>, resetPage = true) => {
    setParams(paramsFromCustomerState({ ...state, ...patch, ...(resetPage ? { page: 1 } : {}) }), { replace: true });
  };

  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;

  const filtered = hasCustomerFilters(state);
  const createButton = can('customer.create') && (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create' })} data-testid="create-customer">
      {t('customers.create')}
    </Button>
  );
  const importButton = can('customer.import') && (
    <Link to="/customers/import">
      <Button icon={<CloudUploadOutlined />}>{t('customers.import')}</Button>
    </Link>
  );
  const poolButton = can('pool.claim') && (
    <Link to="/pool">
      <Button icon={<InboxOutlined />}>{t('customers.goPool')}</Button>
    </Link>
  );

  const empty = (
    <Empty
      image={<SolutionOutlined style={{ fontSize: 44, color: '#9db4d8' }} />}
      styles={{ image: { height: 52 } }}
      description={
        <Flex vertical gap={4} align="center">
          <Typography.Text strong>{filtered ? t('customers.noMatch') : t('customers.empty')}</Typography.Text>
          <Typography.Text type="secondary">{filtered ? t('customers.noMatchHint') : t('customers.emptyHint')}</Typography.Text>
        </Flex>
      }
      data-testid="customers-empty"
    >
      {filtered ? (
        <Button onClick={() => setParams({}, { replace: true })}>{t('customers.clearFilters')}</Button>
      ) : (
        <Flex gap={8} justify="center" wrap>
          {createButton}
          {importButton}
          {poolButton}
        </Flex>
      )}
    </Empty>
  );

  const toolbar = (
    <Flex justify="space-between" align="center" gap={8} wrap className="list-toolbar">
      <Flex gap={8} align="center" wrap>
        <SavedFilters current={filtersOnly(state)} onApply={(q) => setParams(q, { replace: true })} />
        {!isMobile && data && (
          <Typography.Text type="secondary" data-testid="customer-count">
            {data.countCapped ? t('common.totalCapped', { n: data.count.toLocaleString('en') }) : t('common.total', { count: data.count })}
          </Typography.Text>
        )}
      </Flex>
      <Flex gap={8} align="center">
        <Select
          value={state.sort ?? 'name'}
          onChange={(v) => setState({ sort: v === 'name' ? undefined : v })}
          options={sortChoices.map((s) => ({ value: s, label: t(`customers.sorts.${s}`) }))}
          style={{ width: isMobile ? 128 : 170 }}
          aria-label={t('customers.sortLabel')}
          data-testid="customer-sort"
        />
        {can('customer.export') && (
          <Tooltip title={t('customers.exportHint')}>
            <Button icon={<DownloadOutlined />} href={exportHref(state)} data-testid="export-customers">
              {isMobile ? null : t('customers.export')}
            </Button>
          </Tooltip>
        )}
      </Flex>
    </Flex>
  );

  return (
    <>
      <PageHeader
        title={t('customers.title')}
        description={isMobile ? undefined : t('customers.description')}
        extra={
          <>
            {importButton}
            {createButton}
          </>
        }
      />
      <Card className="customer-list-card">
        <CustomerFilters state={state} onChange={(p) => setState(p)} />
        {toolbar}
        {canBulk && selected.length > 0 && (
          <BulkActions ids={selected.map((c) => c.id)} tagsInSelection={[...new Set(selected.flatMap((c) => c.tags))]} onClear={() => setSelected([])} />
        )}
        {isMobile ? (
          <CustomerCards page={data} loading={isFetching} empty={empty} onPage={(page) => setState({ page }, false)} />
        ) : (
          <Table<TCustomer>
            rowKey="id"
            size="middle"
            loading={isFetching && !isPending ? { delay: 200 } : isPending}
            dataSource={data?.data}
            // Fits the card at 1280 px (decision: no horizontal scroll on the desktop list).
            scroll={{ x: leaderView ? 880 : 900 }}
            data-testid="customer-table"
            rowSelection={
              canBulk
                ? {
                    selectedRowKeys: selected.map((c) => c.id),
                    preserveSelectedRowKeys: true,
                    onChange: (_keys, rows) =>
                      setSelected((prev) => {
                        const byId = new Map([...prev, ...rows.filter(Boolean)].map((r) => [r.id, r]));
                        return _keys.map((k) => byId.get(String(k))).filter((r): r is TCustomer => Boolean(r));
                      }),
                  }
                : undefined
            }
            onChange={(pagination, _filters, sorter, extra) => {
              if (extra.action === 'sort') {
                const s = Array.isArray(sorter) ? sorter[0] : sorter;
                setState({ sort: sortParam(s?.columnKey ?? s?.field, s?.order) });
              } else if (extra.action === 'paginate') setState({ page: pagination.current, perPage: pagination.pageSize }, false);
            }}
            pagination={{
              current: data?.page ?? state.page,
              pageSize: data?.perPage ?? state.perPage,
              total: data?.count ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => (data?.countCapped ? t('common.totalCapped', { n: total.toLocaleString('en') }) : t('common.total', { count: total })),
            }}
            locale={{ emptyText: empty }}
            columns={customerColumns({ t, sort: state.sort, showOwner: leaderView })}
          />
        )}
      </Card>
      <CustomerForm target={form} onClose={() => setForm(null)} />
    </>
  );
};
