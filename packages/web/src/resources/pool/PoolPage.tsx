import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Progress, Row, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, InboxOutlined, SettingOutlined } from '@ant-design/icons';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useCustomerCount } from '../../api/customers';
import { useGradingRules } from '../../api/grading';
import { useClaimCustomer, useMyClaims, usePoolCustomers, usePoolRules, usePools, type TPool } from '../../api/pool';
import { PoolPreview } from './PoolPreview';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { CustomerCards } from '../customers/CustomerCards';
import { CustomerFilters } from '../customers/CustomerFilters';
import { customerColumns } from '../customers/customerColumns';
import { customerStateFromParams, hasCustomerFilters, paramsFromCustomerState, toApiQuery, type CustomerListState } from '../customers/customerModel';
import { filledDays, heldPercent } from './poolModel';
import { PoolLimitsModal, ReclaimRulesModal } from './PoolSettings';

export const PoolPage = () => {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const state = customerStateFromParams(params);
  const urlKey = params.toString();
  const query = useMemo(() => {
    const { sort: _s, ...q } = toApiQuery(customerStateFromParams(new URLSearchParams(urlKey)));
    return q;
  }, [urlKey]);
  const pools = usePools();
  const list = usePoolCustomers(query);
  const held = useCustomerCount({ ownerId: me.id });
  const { data: rules } = usePoolRules();
  const { data: grading } = useGradingRules();
  const claim = useClaimCustomer();
  const showError = useApiError();
  const { message } = App.useApp();
  const [claiming, setClaiming] = useState<string | null>(null);
  const [limitsOf, setLimitsOf] = useState<TPool | null>(null);
  const [rulesOpen, setRulesOpen] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const myClaims = useMyClaims();
  const manage = can('pool.manage');

  const setState = (patch: Partial<CustomerListState>, resetPage = true) =>
    setParams(paramsFromCustomerState({ ...state, ...patch, ...(resetPage ? { page: 1 } : {}) }), { replace: true });

  const doClaim = (c: TCustomer) => {
    setClaiming(c.id);
    claim.mutate(
      { id: c.id, version: c.version },
      {
        onSuccess: () => {
          void message.success(t('pool.claimed', { name: c.name }));
          setPreview(null);
        },
        onError: (e) => showError(e),
        onSettled: () => setClaiming(null),
      },
    );
  };
  const claimButton = (c: TCustomer) => (
    <Button type="primary" ghost size="small" loading={claiming === c.id} disabled={Boolean(claiming) && claiming !== c.id} onClick={(e) => {
        e.stopPropagation();
        doClaim(c);
      }} data-testid="claim">
      {t('pool.claim')}
    </Button>
  );

  if (pools.error) return <LoadError error={pools.error} onRetry={() => void pools.refetch()} />;

  const poolCard = (p: TPool) => (
    <Card size="small" className="pool-card" data-testid="pool-card">
      <Flex justify="space-between" align="flex-start" gap={8}>
        <Flex vertical gap={2} style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis>
            {p.name}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.orgUnitName}
          </Typography.Text>
        </Flex>
        <Flex align="baseline" gap={4}>
          <span className="pool-count">{p.customerCount}</span>
          <Typography.Text type="secondary">{t('pool.customersUnit')}</Typography.Text>
        </Flex>
      </Flex>
      <div style={{ marginTop: 12 }}>
        <Flex justify="space-between">
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pool.held', { count: held.data ?? 0, max: p.maxHeld })}
          </Typography.Text>
        </Flex>
        <Progress percent={heldPercent(held.data, p.maxHeld)} showInfo={false} size="small" strokeColor={heldPercent(held.data, p.maxHeld) >= 90 ? '#fa8c16' : '#1f5fc4'} />
      </div>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginTop: 4 }}>
        <Space size={[12, 4]} wrap style={{ fontSize: 12, color: '#8c8c8c' }}>
          <span data-testid="claims-today">
            {t('pool.claimedToday', { count: myClaims.data?.claimedToday ?? 0, max: p.maxClaimsPerDay })}
          </span>
          <span>
            {t('pool.reclaimCooldownDays')} {t('pool.daysValue', { count: p.reclaimCooldownDays })}
          </span>
        </Space>
        {manage && (
          <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setLimitsOf(p)} style={{ paddingInline: 0 }} data-testid="edit-pool-limits">
            {t('pool.editLimits')}
          </Button>
        )}
      </Flex>
    </Card>
  );

  const grades = grading?.grades ?? ['A', 'B', 'C', 'D'];
  const days = filledDays(grades, rules);
  const rulesCard = (
    <Card
      size="small"
      className="pool-card"
      title={t('pool.rules')}
      extra={
        manage && (
          <Button size="small" type="link" icon={<SettingOutlined />} onClick={() => setRulesOpen(true)} style={{ paddingInline: 0 }} data-testid="edit-reclaim-rules">
            {t('pool.editRules')}
          </Button>
        )
      }
    >
      {rules ? (
        <Flex vertical gap={8}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pool.rulesSummary', { warn: rules.warnDays })}
          </Typography.Text>
          <Flex gap={6} wrap>
            {Object.entries(days).map(([g, d]) => (
              <Tag key={g} variant="filled" style={{ marginInlineEnd: 0 }}>
                {g === 'default' ? t('pool.ungraded') : t('pool.gradeLabel', { grade: g })} · {t('pool.daysValue', { count: d })}
              </Tag>
            ))}
          </Flex>
          <Space size={[12, 4]} wrap style={{ fontSize: 12, color: '#8c8c8c' }}>
            {rules.exemptKey && <span>✓ {t('pool.exemptKey')}</span>}
            {rules.exemptLocked && <span>✓ {t('pool.exemptLocked')}</span>}
          </Space>
        </Flex>
      ) : (
        <Skeleton active paragraph={{ rows: 2 }} title={false} />
      )}
    </Card>
  );

  const filtered = hasCustomerFilters(state);
  const empty = (
    <Empty
      image={<InboxOutlined style={{ fontSize: 44, color: '#9db4d8' }} />}
      styles={{ image: { height: 52 } }}
      description={
        <Flex vertical gap={4} align="center">
          <Typography.Text strong>{filtered ? t('customers.noMatch') : t('pool.empty')}</Typography.Text>
          <Typography.Text type="secondary">{filtered ? t('pool.noMatchHint') : t('pool.emptyHint')}</Typography.Text>
        </Flex>
      }
    />
  );
  const poolPicker = (pools.data?.length ?? 0) > 1 && (
    <Select
      allowClear
      placeholder={t('pool.filterPool')}
      value={state.poolId}
      onChange={(v) => setState({ poolId: v })}
      options={pools.data!.map((p) => ({ value: p.id, label: p.name }))}
      style={{ width: 180 }}
    />
  );

  return (
    <>
      <PageHeader title={t('pool.title')} description={isMobile ? undefined : t('pool.description')} />
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {pools.isPending ? (
          <Col span={24}>
            <Skeleton active />
          </Col>
        ) : pools.data?.length ? (
          pools.data.map((p) => (
            <Col key={p.id} xs={24} md={12} xl={8}>
              {poolCard(p)}
            </Col>
          ))
        ) : (
          <Col xs={24} md={12} xl={8}>
            <Card size="small" className="pool-card">
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pool.noPools')} />
            </Card>
          </Col>
        )}
        <Col xs={24} md={12} xl={8}>
          {rulesCard}
        </Col>
      </Row>
      <Card>
        <CustomerFilters mode="pool" state={state} onChange={(p) => setState(p)} leading={poolPicker} testId="pool-filters" />
        {isMobile ? (
          <CustomerCards page={list.data} loading={list.isFetching} empty={empty} onPage={(page) => setState({ page }, false)} action={claimButton} onOpen={(c) => setPreview(c.id)} />
        ) : (
          <Table<TCustomer>
            rowKey="id"
            size="middle"
            loading={list.isFetching && !list.isPending ? { delay: 200 } : list.isPending}
            dataSource={list.data?.data}
            scroll={{ x: 920 }}
            data-testid="pool-table"
            onChange={(pagination, _f, _s, extra) => extra.action === 'paginate' && setState({ page: pagination.current, perPage: pagination.pageSize }, false)}
            pagination={{
              current: list.data?.page ?? state.page,
              pageSize: list.data?.perPage ?? state.perPage,
              total: list.data?.count ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showTotal: (total) => t('common.total', { count: total }),
            }}
            locale={{ emptyText: empty }}
            columns={customerColumns({ t, sort: undefined, mode: 'pool', action: claimButton, onOpen: (c) => setPreview(c.id) })}
          />
        )}
      </Card>
      <PoolPreview customerId={preview} onClose={() => setPreview(null)} claim={doClaim} />
      <PoolLimitsModal pool={limitsOf} onClose={() => setLimitsOf(null)} />
      <ReclaimRulesModal open={rulesOpen} rules={rules} grades={grades} onClose={() => setRulesOpen(false)} />
    </>
  );
};
