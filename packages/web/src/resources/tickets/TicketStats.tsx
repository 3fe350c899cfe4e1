import { useMemo } from 'react';
import { Button, Card, Col, DatePicker, Empty, Flex, Row, Skeleton, Statistic, Table, Typography } from 'antd';
import { BarChartOutlined, DownloadOutlined } from '@ant-design/icons';
import type { TTicketStatsRow } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { apiUrl } from '../../api/client';
import { useTicketStats } from '../../api/tickets';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { EChart, type ChartOption } from '../../components/EChart';
import { useIsMobile } from '../../components/useIsMobile';
import { shanghaiMonth } from './ticketModel';

const pct = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);

export const TicketStats = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const month = /^\d{4}-\d{2}$/.test(params.get('month') ?? '') ? params.get('month')! : shanghaiMonth(new Date());
  const { data, error, refetch, isPending } = useTicketStats({ month, months: 6 });

  const trend: ChartOption | null = useMemo(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 40, right: 40, top: 36, bottom: 24 },
            xAxis: { type: 'category', data: data.trend.map((m) => m.key) },
            yAxis: [
              { type: 'value', minInterval: 1 },
              { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
            ],
            series: [
              { name: t('tickets.stats.opened'), type: 'bar', data: data.trend.map((m) => m.opened), itemStyle: { color: '#1f5fc4' } },
              { name: t('tickets.stats.resolved'), type: 'bar', data: data.trend.map((m) => m.resolved), itemStyle: { color: '#52a5ff' } },
              { name: t('tickets.stats.timeliness'), type: 'line', yAxisIndex: 1, data: data.trend.map((m) => (m.timeliness.rate === null ? null : Math.round(m.timeliness.rate * 1000) / 10)), itemStyle: { color: '#d46b08' } },
              { name: t('tickets.stats.passRate'), type: 'line', yAxisIndex: 1, data: data.trend.map((m) => (m.passRate.rate === null ? null : Math.round(m.passRate.rate * 1000) / 10)), itemStyle: { color: '#389e0d' } },
            ],
          }
        : null,
    [data, t],
  );
  const kinds: ChartOption | null = useMemo(
    () =>
      data
        ? {
            tooltip: { trigger: 'axis' },
            grid: { left: 80, right: 16, top: 8, bottom: 24 },
            xAxis: { type: 'value', minInterval: 1 },
            yAxis: { type: 'category', data: data.byKind.map((k) => t(`tickets.kinds.${k.kind}`)) },
            series: [{ type: 'bar', data: data.byKind.map((k) => k.opened), itemStyle: { color: '#7c3aed' } }],
          }
        : null,
    [data, t],
  );

  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;

  const rowColumns = [
    { title: t('tickets.stats.name'), dataIndex: 'name', fixed: 'left' as const, width: 120 },
    { title: t('tickets.stats.opened'), dataIndex: 'opened', width: 70 },
    { title: t('tickets.stats.resolved'), dataIndex: 'resolved', width: 70 },
    { title: t('tickets.stats.timeliness'), width: 100, render: (_: unknown, r: TTicketStatsRow) => pct(r.timeliness.rate) },
    { title: t('tickets.stats.passRate'), width: 100, render: (_: unknown, r: TTicketStatsRow) => pct(r.passRate.rate) },
    { title: t('tickets.stats.satisfaction'), width: 100, render: (_: unknown, r: TTicketStatsRow) => r.satisfaction ?? '—' },
    { title: t('tickets.stats.avgHours'), width: 110, render: (_: unknown, r: TTicketStatsRow) => r.avgResolveHours ?? '—' },
    { title: t('tickets.stats.p90Hours'), width: 110, render: (_: unknown, r: TTicketStatsRow) => r.p90ResolveHours ?? '—' },
  ];
  const table = (title: string, rows: TTicketStatsRow[], testId: string) => (
    <Card size="small" title={title} data-testid={testId}>
      <Table<TTicketStatsRow> rowKey="key" size="small" dataSource={rows} columns={rowColumns} pagination={false} scroll={{ x: 780 }} />
    </Card>
  );
  const total = data?.total;
  const nothing = total && !total.opened && !total.resolved && !total.callbacks && !total.passRate.denominator;

  return (
    <>
      <PageHeader
        title={t('tickets.stats.title')}
        description={isMobile ? undefined : t('tickets.stats.description')}
        extra={
          <>
            <DatePicker
              picker="month"
              allowClear={false}
              value={dayjs(`${month}-01`)}
              onChange={(d) => d && setParams({ month: d.format('YYYY-MM') }, { replace: true })}
              aria-label={t('tickets.stats.month')}
              data-testid="stats-month"
            />
            <Button icon={<DownloadOutlined />} href={apiUrl('/tickets/stats.xlsx', { month })} data-testid="stats-export">
              {t('tickets.stats.export')}
            </Button>
          </>
        }
      />
      {isPending || !total ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Flex vertical gap={16}>
          <Row gutter={[16, 16]} data-testid="stats-kpis">
            {[
              { k: 'opened', v: total.opened },
              { k: 'resolved', v: total.resolved },
              { k: 'timeliness', v: pct(total.timeliness.rate), sub: t('tickets.stats.fraction', total.timeliness) },
              { k: 'passRate', v: pct(total.passRate.rate), sub: t('tickets.stats.fraction', total.passRate) },
              { k: 'satisfaction', v: total.satisfaction ?? '—', sub: `${total.callbacks}` },
              { k: 'avgHours', v: total.avgResolveHours ?? '—', sub: total.p90ResolveHours !== null ? `P90 ${total.p90ResolveHours}` : undefined },
            ].map((s) => (
              <Col key={s.k} xs={12} md={8} xl={4}>
                <Card size="small" className="stat-kpi">
                  <Statistic title={t(`tickets.stats.${s.k as 'opened'}`)} value={s.v} />
                  {s.sub && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {s.sub}
                    </Typography.Text>
                  )}
                </Card>
              </Col>
            ))}
          </Row>
          {nothing && (
            <Card>
              <Empty image={<BarChartOutlined style={{ fontSize: 44, color: '#9db4d8' }} />} styles={{ image: { height: 52 } }} description={<Flex vertical gap={4}><Typography.Text strong>{t('tickets.stats.empty')}</Typography.Text><Typography.Text type="secondary">{t('tickets.stats.emptyHint')}</Typography.Text></Flex>} />
            </Card>
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <Card size="small" title={t('tickets.stats.trend', { count: 6 })}>
                {trend && <EChart option={trend} height={280} testId="stats-trend" />}
              </Card>
            </Col>
            <Col xs={24} xl={8}>
              <Card size="small" title={t('tickets.stats.byKind')}>
                {kinds && <EChart option={kinds} height={280} testId="stats-kinds" />}
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={8}>
              <Card size="small" title={t('tickets.stats.byCause')} data-testid="stats-causes">
                <Table
                  rowKey="cause"
                  size="small"
                  pagination={false}
                  dataSource={data.byCause}
                  columns={[
                    { title: t('tickets.stats.name'), dataIndex: 'name' },
                    { title: t('tickets.stats.count'), dataIndex: 'count', width: 80 },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} xl={16}>
              {table(t('tickets.stats.byUnit'), data.byUnit, 'stats-units')}
            </Col>
          </Row>
          {table(t('tickets.stats.byHandler'), data.byHandler, 'stats-handlers')}
          {table(t('tickets.stats.byManager'), data.byManager, 'stats-managers')}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
            {t('tickets.stats.definitions')}
          </Typography.Paragraph>
        </Flex>
      )}
    </>
  );
};
