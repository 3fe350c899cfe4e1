import { useMemo } from 'react';
import { Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { LineChartOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCustomerFigures, type TFigure } from '../../api/grading';
import { EChart, type ChartOption } from '../../components/EChart';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { currentLocale } from '../../app/i18n';

/** Monthly volume and profit as lines, days late as bars on a second axis, then the numbers. */
export const CustomerFigures = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useCustomerFigures(customerId);
  const isMobile = useIsMobile();
  const locale = currentLocale();
  const months = useMemo(() => [...(data ?? [])].sort((a, b) => a.month.localeCompare(b.month)), [data]);
  const nf = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }), [locale]);

  const option = useMemo<ChartOption>(
    () => ({
      color: ['#1f5fc4', '#2fb380', '#faad14'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('figures.volume'), t('figures.profit'), t('figures.daysLate')] },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: months.map((m) => m.month), axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', splitLine: { lineStyle: { color: '#f0f0f0' } }, axisLabel: { formatter: (v: number) => (v >= 10000 ? `${v / 10000}${locale === 'en-US' ? '0k' : '万'}` : String(v)) } },
        { type: 'value', name: isMobile ? undefined : t('figures.daysLate'), splitLine: { show: false }, minInterval: 1 },
      ],
      series: [
        { name: t('figures.volume'), type: 'line', smooth: true, symbolSize: 6, data: months.map((m) => m.volume), areaStyle: { opacity: 0.06 } },
        { name: t('figures.profit'), type: 'line', smooth: true, symbolSize: 6, data: months.map((m) => m.profit) },
        { name: t('figures.daysLate'), type: 'bar', yAxisIndex: 1, barMaxWidth: 14, data: months.map((m) => m.daysLate), itemStyle: { borderRadius: [3, 3, 0, 0] } },
      ],
    }),
    [months, t, isMobile, locale],
  );

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending) return <Skeleton active />;
  if (!months.length)
    return (
      <Card size="small" className="detail-section">
        <Empty
          image={<LineChartOutlined style={{ fontSize: 40, color: '#9db4d8' }} />}
          styles={{ image: { height: 48 } }}
          description={
            <Flex vertical gap={4} align="center">
              <Typography.Text strong>{t('figures.empty')}</Typography.Text>
              <Typography.Text type="secondary">{t('figures.emptyHint')}</Typography.Text>
            </Flex>
          }
        />
      </Card>
    );

  const num = (v: number | null) => (v === null ? '—' : nf.format(v));
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('figures.title')} className="detail-section">
        <EChart option={option} height={isMobile ? 240 : 320} testId="figures-chart" />
      </Card>
      <Card size="small" className="detail-section" styles={{ body: { padding: 0 } }}>
        <Table<TFigure>
          rowKey="month"
          size="small"
          pagination={false}
          dataSource={[...months].reverse()}
          scroll={{ y: 320 }}
          columns={[
            { title: t('figures.month'), dataIndex: 'month' },
            { title: t('figures.volume'), dataIndex: 'volume', align: 'right', render: num },
            { title: t('figures.profit'), dataIndex: 'profit', align: 'right', render: num },
            { title: t('figures.daysLate'), dataIndex: 'daysLate', align: 'right', render: (v: number | null) => (v ? <Typography.Text type="warning">{v}</Typography.Text> : num(v)) },
          ]}
        />
      </Card>
    </Flex>
  );
};
