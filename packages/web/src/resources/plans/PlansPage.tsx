import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, List, Segmented, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { isoWeekKey, isoWeekMonday, monthKey, shiftPeriod, type TPlan, type TPlanKind } from '@liaison/shared';
import { usePlans, usePlanTeam, useAchievement, useCreatePlan, type TPlanTeam, type TAchievement } from '../../api/plans';
import { currentLocale } from '../../app/i18n';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';
import { beijing, dueText, fmtValue, PlanStatusTag } from './planModel';
import { ServicePlanList } from './ServicePlans';

const PeriodPicker = ({ kind, period, onChange }: { kind: TPlanKind; period: string; onChange: (p: string) => void }) =>
  kind === 'month' ? (
    <DatePicker picker="month" allowClear={false} value={dayjs(`${period}-01`)} onChange={(d) => d && onChange(d.format('YYYY-MM'))} data-testid="period-picker" />
  ) : (
    <DatePicker
      picker="week"
      allowClear={false}
      value={dayjs(isoWeekMonday(period))}
      format={() => period}
      onChange={(d) => d && onChange(isoWeekKey(d.add(3, 'day').format('YYYY-MM-DD') + 'T04:00:00.000Z'))}
      data-testid="period-picker"
    />
  );

/** The caller's plans (a leader: every plan of their scope), with the shortcuts to this week's and next month's. */
const MyPlans = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { me } = useSession();
  const showError = useApiError();
  const { message } = App.useApp();
  const [kind, setKind] = useState<TPlanKind | 'all'>('all');
  const { data, isPending, error, refetch } = usePlans({ kind: kind === 'all' ? undefined : kind, perPage: 50 });
  const mine = usePlans({ managerId: me.id, perPage: 50 });
  const create = useCreatePlan();
  const now = new Date();
  const open = async (k: TPlanKind, period: string) => {
    // A tap before the user's own plans have loaded must still open an existing plan, not try to
    // create a second one (the server would answer 409 plan_exists).
    const own = mine.data ?? (await mine.refetch()).data;
    const existing = own?.data.find((p) => p.kind === k && p.period === period);
    if (existing) {
      void navigate(`/plans/${existing.id}`);
      return;
    }
    try {
      const plan = await create.mutateAsync({ kind: k, period });
      void message.success(t('plans.actions.saved'));
      void navigate(`/plans/${plan.id}`);
    } catch (e) {
      showError(e);
    }
  };
  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;
  const rows = data?.data ?? [];
  const columns = [
    { title: t('plans.fields.period'), key: 'period', render: (p: TPlan) => <Link to={`/plans/${p.id}`}>{`${p.period} · ${t(`plans.kind.${p.kind}`)}`}</Link> },
    { title: t('plans.fields.manager'), key: 'manager', render: (p: TPlan) => `${p.managerName}（${p.orgUnitName}）` },
    { title: t('plans.fields.status'), key: 'status', render: (p: TPlan) => <PlanStatusTag plan={p} /> },
    { title: t('plans.fields.due'), key: 'due', render: (p: TPlan) => dueText(p.dueAt) },
    { title: t('plans.fields.check'), key: 'check', render: (p: TPlan) => (p.checkStatus === 'open' ? <Typography.Text type="secondary">{t('plans.checkStatus.open')}</Typography.Text> : <Tag color={p.checkStatus === 'approved' ? 'green' : p.checkStatus === 'returned' ? 'orange' : 'blue'}>{t(`plans.checkStatus.${p.checkStatus}`)}</Tag>) },
  ];
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between">
        <Segmented
          value={kind}
          onChange={(v) => setKind(v as TPlanKind | 'all')}
          options={[
            { value: 'all', label: t('common.all') },
            { value: 'month', label: t('plans.kind.month') },
            { value: 'week', label: t('plans.kind.week') },
          ]}
        />
        <Flex gap={8} wrap>
          <Button type="primary" onClick={() => void open('week', isoWeekKey(now))} loading={create.isPending} data-testid="this-week-plan">
            {t('plans.mine.thisWeek')}
          </Button>
          <Button onClick={() => void open('month', monthKey(now))}>{t('plans.mine.thisMonth')}</Button>
          <Button onClick={() => void open('month', shiftPeriod('month', monthKey(now), 1))}>{t('plans.mine.nextMonth')}</Button>
        </Flex>
      </Flex>
      {isMobile ? (
        <List
          loading={isPending}
          dataSource={rows}
          locale={{ emptyText: <Empty description={t('plans.mine.empty')} /> }}
          renderItem={(p) => (
            <List.Item>
              <Link to={`/plans/${p.id}`} style={{ width: '100%' }}>
                <Flex vertical gap={2}>
                  <Flex justify="space-between" gap={8}>
                    <Typography.Text strong>{`${p.period} · ${t(`plans.kind.${p.kind}`)}`}</Typography.Text>
                    <PlanStatusTag plan={p} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {p.managerName} · {t('plans.dueBy', { time: dueText(p.dueAt) })}
                  </Typography.Text>
                </Flex>
              </Link>
            </List.Item>
          )}
        />
      ) : (
        <Table rowKey="id" size="middle" loading={isPending} dataSource={rows} columns={columns} pagination={false} locale={{ emptyText: <Empty description={t('plans.mine.empty')} /> }} data-testid="plan-list" />
      )}
    </Flex>
  );
};

const TeamStatus = ({ data }: { data: TPlanTeam }) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const tag = (r: TPlanTeam['rows'][number]) =>
    r.missing ? <Tag color="red">{t('plans.missing')}</Tag> : r.late ? <Tag color="orange">{t('plans.late')}</Tag> : r.submittedAt ? <Tag color="green">{t('plans.onTime')}</Tag> : null;
  if (!data.rows.length) return <Empty description={t('plans.team.emptyTeam')} />;
  if (isMobile)
    return (
      <List
        dataSource={data.rows}
        renderItem={(r) => (
          <List.Item>
            <Flex justify="space-between" style={{ width: '100%' }} gap={8}>
              <Flex vertical>
                {r.planId ? <Link to={`/plans/${r.planId}`}>{r.managerName}</Link> : <Typography.Text>{r.managerName}</Typography.Text>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>{r.orgUnitName}</Typography.Text>
              </Flex>
              <Flex gap={4} align="center">
                {r.status ? <Tag>{t(`plans.status.${r.status}`)}</Tag> : null}
                {tag(r)}
              </Flex>
            </Flex>
          </List.Item>
        )}
      />
    );
  return (
    <Table
      rowKey="managerId"
      size="middle"
      pagination={false}
      dataSource={data.rows}
      data-testid="team-plans"
      columns={[
        { title: t('plans.fields.manager'), key: 'm', render: (r: TPlanTeam['rows'][number]) => (r.planId ? <Link to={`/plans/${r.planId}`}>{r.managerName}</Link> : r.managerName) },
        { title: t('plans.team.unit'), dataIndex: 'orgUnitName', key: 'u' },
        { title: t('plans.fields.status'), key: 's', render: (r: TPlanTeam['rows'][number]) => (r.status ? t(`plans.status.${r.status}`) : '—') },
        { title: t('plans.fields.submittedAt'), key: 'at', render: (r: TPlanTeam['rows'][number]) => (r.submittedAt ? beijing(r.submittedAt) : '—') },
        { title: '', key: 'late', render: tag },
        { title: t('plans.fields.check'), key: 'c', render: (r: TPlanTeam['rows'][number]) => (r.checkStatus ? t(`plans.checkStatus.${r.checkStatus}`) : '—') },
      ]}
    />
  );
};

const AchievementTable = ({ data }: { data: TAchievement }) => {
  const { t } = useTranslation();
  const en = currentLocale() === 'en-US';
  if (!data.indicators.length) return <Empty description={t('plans.team.achievementEmpty')} />;
  type Row = TAchievement['rows'][number] & { total?: boolean; subUnit?: boolean };
  // Each unit below, aggregated by the server by the indicator's rule, then the unit total.
  const rows: Row[] = [
    ...data.rows,
    ...data.subUnits.map((u) => ({ managerId: `__unit:${u.orgUnitId}`, managerName: t('plans.team.subUnitRow', { name: u.name }), orgUnitName: '', planId: null, cells: u.cells, subUnit: true })),
    { managerId: '__total', managerName: t('plans.fields.unitTotal'), orgUnitName: '', planId: null, cells: data.total, total: true },
  ];
  const cell = (unit: string) => (c: TAchievement['total'][string] | undefined) =>
    c ? (
      <Flex vertical gap={0}>
        <Typography.Text>
          {fmtValue(c.actual, unit)} <Typography.Text type="secondary">/ {fmtValue(c.target, unit)}</Typography.Text>
        </Typography.Text>
        {c.completion != null && (
          <Typography.Text type={c.completion >= 100 ? 'success' : c.completion < 80 ? 'danger' : undefined} style={{ fontSize: 12 }}>
            {c.completion}%
          </Typography.Text>
        )}
      </Flex>
    ) : (
      '—'
    );
  return (
    <Flex vertical gap={8}>
      <Table<Row>
        rowKey="managerId"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={rows}
        data-testid="achievement"
        rowClassName={(r) => (r.total ? 'achievement-total' : '')}
        columns={[
          {
            title: t('plans.fields.manager'),
            key: 'm',
            fixed: 'left',
            render: (r: Row) => (r.total || r.subUnit ? <Typography.Text strong={r.total} type={r.subUnit ? 'secondary' : undefined}>{r.managerName}</Typography.Text> : r.planId ? <Link to={`/plans/${r.planId}`}>{r.managerName}</Link> : r.managerName),
          },
          ...data.indicators.map((i) => ({
            title: `${en ? i.nameEn : i.nameZh}（${i.unit}）`,
            key: i.id,
            sorter: (a: Row, b: Row) => (a.total || a.subUnit ? 1 : b.total || b.subUnit ? -1 : (a.cells[i.id]?.completion ?? -1) - (b.cells[i.id]?.completion ?? -1)),
            render: (r: Row) => cell(i.unit)(r.cells[i.id]),
          })),
        ]}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('plans.team.ratioNote')}
      </Typography.Text>
    </Flex>
  );
};

/** A leader's view of the unit for a period: who planned (missing and late stand out) and who achieved what. */
const TeamView = ({ mode }: { mode: 'team' | 'achievement' }) => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const now = new Date();
  const kind = (params.get('kind') as TPlanKind) ?? 'month';
  const period = params.get('period') ?? (kind === 'month' ? monthKey(now) : isoWeekKey(now));
  const orgUnitId = params.get('orgUnitId') ?? undefined;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const q = { orgUnitId, kind, period };
  const team = usePlanTeam(q, mode === 'team');
  const ach = useAchievement(q, mode === 'achievement');
  const err = mode === 'team' ? team.error : ach.error;
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap>
        <Segmented
          value={kind}
          onChange={(v) => set({ kind: v as string, period: v === 'month' ? monthKey(now) : isoWeekKey(now) })}
          options={[
            { value: 'month', label: t('plans.kind.month') },
            { value: 'week', label: t('plans.kind.week') },
          ]}
        />
        <PeriodPicker kind={kind} period={period} onChange={(p) => set({ period: p })} />
        <OrgUnitTreeSelect value={orgUnitId} onChange={(v) => set({ orgUnitId: v })} allowClear placeholder={t('plans.team.unit')} style={{ minWidth: 180 }} />
      </Flex>
      {err && <Alert type="error" showIcon message={(err as Error).message} />}
      {mode === 'team' && team.data && (
        <>
          <Typography.Text type="secondary">{t('plans.dueBy', { time: dueText(team.data.dueAt) })}</Typography.Text>
          <TeamStatus data={team.data} />
        </>
      )}
      {mode === 'achievement' && ach.data && <AchievementTable data={ach.data} />}
    </Flex>
  );
};

/** 工作计划: my plans; for leaders also the team's plan status and achievement. */
export const PlansPage = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'mine';
  const leader = can('plan.approve');
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('plans.title')} description={t('plans.subtitle')} extra={leader ? <Link to="/plans/breakdown"><Button>{t('plans.breakdown.open')}</Button></Link> : null} />
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(new URLSearchParams({ tab: k }), { replace: true })}
          items={[
            { key: 'mine', label: t('plans.tabs.mine'), children: <MyPlans /> },
            { key: 'service', label: t('plans.service.tab'), children: <ServicePlanList /> },
            ...(leader
              ? [
                  { key: 'team', label: t('plans.tabs.team'), children: <TeamView mode="team" /> },
                  { key: 'achievement', label: t('plans.tabs.achievement'), children: <TeamView mode="achievement" /> },
                ]
              : []),
          ]}
        />
      </Card>
    </Flex>
  );
};
