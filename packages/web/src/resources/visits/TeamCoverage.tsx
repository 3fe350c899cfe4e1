import { useMemo } from 'react';
import { Card, DatePicker, Empty, Flex, List, Progress, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import type { TCoverageRow } from '@liaison/shared';
import { useTeamCoverage } from '../../api/visits';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { EChart, type ChartOption } from '../../components/EChart';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';
import { percent } from './visitModel';

const Coverage = ({ met, subject, testId }: { met: number; subject: number; testId?: string }) => {
  const p = percent(met, subject);
  return (
    <Flex vertical gap={0} style={{ minWidth: 110 }} data-testid={testId}>
      <Typography.Text>{p === null ? '—' : `${p}%`} <Typography.Text type="secondary" style={{ fontSize: 12 }}>({met}/{subject})</Typography.Text></Typography.Text>
      <Progress percent={p ?? 0} showInfo={false} size="small" status={p !== null && p >= 90 ? 'success' : p !== null && p < 60 ? 'exception' : 'normal'} />
    </Flex>
  );
};

/**
 * The leader's team view 团队拜访覆盖: each manager's coverage of the month and week, visits done
 * vs planned, overdue customers and flagged check-ins; a row opens that manager's overdue
 * customers and visits.
 */
export const TeamCoverage = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const orgUnitId = params.get('orgUnitId') ?? undefined;
  const month = params.get('month') ?? undefined;
  const { data, isPending, error, refetch } = useTeamCoverage({ orgUnitId, month });
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const option = useMemo<ChartOption | null>(() => {
    if (!data?.rows.length) return null;
    const rows = [...data.rows].reverse();
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${String(v)}%` },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((r) => r.managerName) },
      series: [
        { name: t('visits.team.monthCoverage'), type: 'bar', data: rows.map((r) => percent(r.monthMet, r.monthSubject) ?? 0), itemStyle: { color: '#1f5fc4' } },
        { name: t('visits.team.weekCoverage'), type: 'bar', data: rows.map((r) => percent(r.weekMet, r.weekSubject) ?? 0), itemStyle: { color: '#52c41a' } },
      ],
    };
  }, [data, t]);

  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;
  const drill = (r: TCoverageRow) => `/customers?ownerId=${r.managerId}&overdue=any&sort=onsiteDueAt`;
  const columns = [
    {
      title: t('visits.team.manager'),
      key: 'manager',
      render: (r: TCoverageRow) => (
        <Flex vertical gap={0}>
          <Link to={drill(r)}>{r.managerName}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.orgUnitName}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('visits.team.customers'), dataIndex: 'customers', key: 'customers', width: 80 },
    { title: t('visits.team.monthCoverage'), key: 'month', render: (r: TCoverageRow) => <Coverage met={r.monthMet} subject={r.monthSubject} testId="month-coverage" /> },
    { title: t('visits.team.weekCoverage'), key: 'week', render: (r: TCoverageRow) => <Coverage met={r.weekMet} subject={r.weekSubject} /> },
    { title: t('visits.team.overdue'), key: 'overdue', width: 90, render: (r: TCoverageRow) => <Link to={drill(r)}>{r.overdue ? <Tag color="red">{r.overdue}</Tag> : 0}</Link> },
    {
      title: t('visits.team.visits'),
      key: 'visits',
      render: (r: TCoverageRow) => (
        <Link to={`/visits?managerId=${r.managerId}`}>
          {r.visitsDone} / {r.visitsPlanned} / {r.visitsMissed}
        </Link>
      ),
    },
    { title: t('visits.team.flagged'), key: 'flagged', width: 90, render: (r: TCoverageRow) => (r.flaggedCheckIns ? <Link to={`/visits?managerId=${r.managerId}&flagged=true`}><Tag color="orange">{r.flaggedCheckIns}</Tag></Link> : 0) },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('visits.team.title')}
        description={t('visits.team.subtitle')}
        extra={
          <>
            <OrgUnitTreeSelect value={orgUnitId} onChange={(v) => set('orgUnitId', v)} allowClear placeholder={t('visits.team.unit')} style={{ width: 200 }} />
            <DatePicker picker="month" value={month ? dayjs(`${month}-01`) : null} onChange={(d) => set('month', d?.format('YYYY-MM'))} placeholder={t('visits.team.month')} />
          </>
        }
      />
      {data && (
        <Card size="small" data-testid="team-total">
          <Flex gap={24} wrap>
            <Flex vertical>
              <Typography.Text type="secondary">{t('visits.team.monthCoverage')} · {data.month}</Typography.Text>
              <Coverage met={data.total.monthMet} subject={data.total.monthSubject} />
            </Flex>
            <Flex vertical>
              <Typography.Text type="secondary">{t('visits.team.weekCoverage')} · {data.week}</Typography.Text>
              <Coverage met={data.total.weekMet} subject={data.total.weekSubject} />
            </Flex>
            <Flex vertical>
              <Typography.Text type="secondary">{t('visits.team.overdue')}</Typography.Text>
              <Typography.Title level={4} style={{ margin: 0 }}>{data.total.overdue}</Typography.Title>
            </Flex>
            <Flex vertical>
              <Typography.Text type="secondary">{t('visits.team.visits')}</Typography.Text>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {data.total.visitsDone} / {data.total.visitsPlanned} / {data.total.visitsMissed}
              </Typography.Title>
            </Flex>
          </Flex>
        </Card>
      )}
      <Card size="small">
        {isMobile ? (
          <List
            loading={isPending}
            dataSource={data?.rows ?? []}
            locale={{ emptyText: <Empty description={t('visits.team.empty')} /> }}
            renderItem={(r) => (
              <List.Item>
                <Flex vertical gap={6} style={{ width: '100%' }}>
                  <Flex justify="space-between">
                    <Link to={drill(r)}>{r.managerName}</Link>
                    {r.overdue > 0 && <Tag color="red">{t('visits.team.overdue')} {r.overdue}</Tag>}
                  </Flex>
                  <Flex gap={12}>
                    <Coverage met={r.monthMet} subject={r.monthSubject} />
                    <Coverage met={r.weekMet} subject={r.weekSubject} />
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Table<TCoverageRow> rowKey="managerId" size="middle" loading={isPending} columns={columns} dataSource={data?.rows ?? []} pagination={false} locale={{ emptyText: <Empty description={t('visits.team.empty')} /> }} data-testid="team-table" />
        )}
      </Card>
      {option && !isMobile && (
        <Card size="small" title={t('visits.team.chart')}>
          <EChart option={option} height={Math.max(220, (data?.rows.length ?? 0) * 36 + 60)} testId="team-chart" />
        </Card>
      )}
    </Flex>
  );
};
