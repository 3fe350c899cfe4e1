import { useMemo } from 'react';
import { Alert, Card, Col, Empty, Flex, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { TrophyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCustomerGrade } from '../../api/grading';
import { EChart, type ChartOption } from '../../components/EChart';
import { LoadError } from '../../components/LoadError';
import { formatDateTime } from '../../components/format';
import { currentLocale } from '../../app/i18n';
import { GradeBadge } from '../customers/customerBits';
import { componentRows, formatMeasure, gradeBands, type ComponentRow } from './gradingModel';

/** Why a customer has its grade: method, score, each measure's score and weight, the bands. */
export const GradeExplanation = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const { data: e, isPending, error, refetch } = useCustomerGrade(customerId);
  const locale = currentLocale();
  const rows = useMemo(() => (e ? componentRows(e) : []), [e]);

  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', min: 0, max: 100, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => t(`gradeExplain.components.${r.key}`)), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          barWidth: 18,
          data: rows.map((r) => ({ value: r.score ?? 0, itemStyle: { color: r.score === null ? '#d9d9d9' : r.score >= 70 ? '#1f5fc4' : r.score >= 50 ? '#faad14' : '#ff7875', borderRadius: [0, 4, 4, 0] } })),
          label: { show: true, position: 'right', formatter: (p: { value: unknown }) => String(p.value) },
        },
      ],
    }),
    [rows, t],
  );

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending) return <Skeleton active />;
  if (!e)
    return (
      <Card size="small" className="detail-section">
        <Empty
          image={<TrophyOutlined style={{ fontSize: 40, color: '#9db4d8' }} />}
          styles={{ image: { height: 48 } }}
          description={
            <Flex vertical gap={4} align="center">
              <Typography.Text strong>{t('gradeExplain.none')}</Typography.Text>
              <Typography.Text type="secondary" style={{ maxWidth: 460 }}>
                {t('gradeExplain.noneHint')}
              </Typography.Text>
            </Flex>
          }
        />
      </Card>
    );

  const bands = gradeBands(e.grades, e.thresholds);
  const shownGrade = e.override ?? e.grade;
  const measure = (r: ComponentRow) =>
    r.value === null ? <Typography.Text type="secondary">{t('gradeExplain.noData')}</Typography.Text> : t(`gradeExplain.componentValue.${r.key}`, { value: formatMeasure(r.key, r.value, locale) });

  return (
    <Flex vertical gap={16} data-testid="grade-explanation">
      <Card size="small" className="detail-section">
        <Flex gap={24} wrap align="center">
          <Flex gap={12} align="center">
            <GradeBadge grade={shownGrade} size={52} />
            <Statistic title={t('gradeExplain.score')} value={e.score ?? '—'} precision={e.score === null ? undefined : 1} />
          </Flex>
          <Flex vertical gap={2} style={{ minWidth: 180 }}>
            <Typography.Text type="secondary">{t('gradeExplain.method')}</Typography.Text>
            <Typography.Text strong>{t(`gradeExplain.methods.${e.method}`)}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('gradeExplain.window', { count: e.months })} · {t('gradeExplain.computedAt', { time: formatDateTime(e.computedAt) })}
            </Typography.Text>
          </Flex>
          <Flex vertical gap={6} style={{ flex: 1, minWidth: 240 }}>
            <Typography.Text type="secondary">{t('gradeExplain.thresholds')}</Typography.Text>
            <Flex gap={6} wrap>
              {bands.map((b) => (
                <Tag key={b.grade} color={b.grade === e.grade ? 'blue' : undefined} style={{ marginInlineEnd: 0 }}>
                  <strong>{b.grade}</strong>{' '}
                  {b.max === null
                    ? t('gradeExplain.atLeast', { min: b.min })
                    : b.min === null
                      ? t('gradeExplain.below', { max: b.max })
                      : t('gradeExplain.between', { min: b.min, max: b.max })}
                </Tag>
              ))}
            </Flex>
          </Flex>
        </Flex>
        {e.override && (
          <Alert type="info" showIcon style={{ marginTop: 16 }} title={t('gradeExplain.override', { grade: e.override, computed: e.grade ?? '—' })} />
        )}
        {e.reason && (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('gradeExplain.reason', { reason: e.reason })}
          </Typography.Paragraph>
        )}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={13}>
          <Card size="small" title={t('gradeExplain.title')} className="detail-section" style={{ height: '100%' }}>
            <Table<ComponentRow>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={rows}
              columns={[
                { title: t('gradeExplain.component'), dataIndex: 'key', render: (k: ComponentRow['key']) => <Typography.Text strong>{t(`gradeExplain.components.${k}`)}</Typography.Text> },
                { title: t('gradeExplain.value'), key: 'value', render: (_, r) => measure(r) },
                { title: t('gradeExplain.componentScore'), dataIndex: 'score', align: 'right', render: (s: number | null) => (s === null ? '—' : s.toFixed(1)) },
                ...(e.method === 'composite'
                  ? [{ title: t('gradeExplain.weight'), dataIndex: 'weight', align: 'right' as const, render: (w: number | undefined) => (w === undefined ? '—' : `${Math.round(w * 100)}%`) }]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={11}>
          <Card size="small" title={t('gradeExplain.chartTitle')} className="detail-section" style={{ height: '100%' }}>
            <EChart option={option} height={Math.max(160, rows.length * 52)} testId="grade-chart" />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
};
