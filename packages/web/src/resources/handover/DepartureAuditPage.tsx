import { useState } from 'react';
import { Badge, Button, Card, DatePicker, Empty, Flex, Form, Table, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, FileSearchOutlined, SearchOutlined } from '@ant-design/icons';
import { describeDetail, type TCustomerStage } from '@liaison/shared';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { apiUrl } from '../../api/client';
import { useDepartureAudit, type AuditActivity, type DepartureAuditReport } from '../../api/handover';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { formatDateTime } from '../../components/format';
import { useIsMobile } from '../../components/useIsMobile';
import { tKey } from '../../app/i18n';
import { GradeBadge, LastContact, StageTag } from '../customers/customerBits';
import { UserSelect } from '../users/UserSelect';
import { defaultPeriod } from './handoverModel';

type Held = DepartureAuditReport['held'][number];
type Values = { userId: string; period: [Dayjs, Dayjs] };

/** 离岗审计: what a manager held, changed, revealed and exported in a period; the query lives in the URL. */
export const DepartureAuditPage = () => {
  const { t, i18n } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const query = params.get('userId') && params.get('from') && params.get('to') ? { userId: params.get('userId')!, from: params.get('from')!, to: params.get('to')! } : null;
  const { data, isFetching, error, refetch } = useDepartureAudit(query);
  const [form] = Form.useForm<Values>();
  const [initial] = useState(() => {
    const p = query ?? { ...defaultPeriod(), userId: undefined };
    return { userId: p.userId, period: [dayjs(p.from), dayjs(p.to)] as [Dayjs, Dayjs] };
  });

  const run = (v: Values) =>
    setParams({ userId: v.userId, from: v.period[0].startOf('day').toISOString(), to: v.period[1].endOf('day').toISOString() }, { replace: true });

  const activity = (rows: AuditActivity[]) => (
    <Table<AuditActivity & { key: number }>
      size="small"
      dataSource={rows.map((r, i) => ({ ...r, key: i }))}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departureAudit.empty')} /> }}
      columns={[
        { title: t('departureAudit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatDateTime(v) },
        { title: t('departureAudit.customer'), dataIndex: 'customerName', render: (v: string | null, r) => v ?? tKey(t, `audit.entities.${r.entity}`, r.entity) },
        { title: t('departureAudit.action'), dataIndex: 'action', width: 120, render: (a: string) => <Tag variant="filled">{tKey(t, `audit.actions.${a}`, a)}</Tag> },
        {
          title: t('departureAudit.detail'),
          dataIndex: 'detail',
          render: (d: Record<string, unknown> | null) => {
            const text = describeDetail(d, i18n.language === 'en-US' ? 'en-US' : 'zh-CN');
            return text ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: text }}>
                {text}
              </Typography.Text>
            ) : (
              '—'
            );
          },
        },
      ]}
    />
  );

  const requestTable = (rows: DepartureAuditReport['changeRequests']) => (
    <Table
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      data-testid="departure-change-requests"
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departureAudit.empty')} /> }}
      columns={[
        { title: t('departureAudit.at'), dataIndex: 'requestedAt', width: 170, render: (v: string) => formatDateTime(v) },
        { title: t('departureAudit.customer'), dataIndex: 'customerName', render: (v: string, r) => <Link to={`/customers/${r.customerId}`}>{v}</Link> },
        { title: t('changeRequests.field'), dataIndex: 'field', width: 120, render: (f: string) => tKey(t, `customerDetail.requestFields.${f}`, f) },
        { title: t('changeRequests.reason'), dataIndex: 'reason', render: (v: string) => <span style={{ wordBreak: 'break-word' }}>{v}</span> },
        { title: t('common.status'), dataIndex: 'status', width: 100, render: (s: string) => <Tag>{tKey(t, `changeRequests.statuses.${s}`, s)}</Tag> },
      ]}
    />
  );

  const heldTable = (rows: Held[]) => (
    <Table<Held>
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      scroll={{ x: 640 }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('departureAudit.empty')} /> }}
      columns={[
        { title: t('customers.name'), dataIndex: 'name', render: (n: string, c) => <Link to={`/customers/${c.id}`}>{n}</Link> },
        { title: t('customers.stage'), dataIndex: 'stage', width: 84, render: (s: TCustomerStage) => <StageTag stage={s} /> },
        { title: t('customers.grade'), dataIndex: 'grade', width: 64, align: 'center', render: (g: string | null) => <GradeBadge grade={g} /> },
        { title: t('customers.lastContact'), dataIndex: 'lastContactAt', width: 110, render: (v: string | null, c) => <LastContact at={v} grade={c.grade} /> },
        {
          title: t('common.status'),
          dataIndex: 'currentlyHeld',
          width: 100,
          render: (h: boolean) => (h ? <Tag color="blue">{t('departureAudit.currentlyHeld')}</Tag> : <Tag>{t('departureAudit.handled')}</Tag>),
        },
      ]}
    />
  );

  const count = (label: string, n: number) => (
    <Flex gap={6} align="center">
      {label}
      <Badge count={n} showZero color={n ? '#1f5fc4' : '#d9d9d9'} overflowCount={9999} />
    </Flex>
  );

  return (
    <>
      <PageHeader title={t('departureAudit.title')} description={isMobile ? undefined : t('departureAudit.description')} />
      <Card style={{ marginBottom: 16 }}>
        <Form form={form} layout={isMobile ? 'vertical' : 'inline'} initialValues={initial} onFinish={run} data-testid="departure-audit-form" className="audit-query">
          <Form.Item name="userId" label={t('departureAudit.user')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('departureAudit.user') }) }]}>
            <UserSelect style={{ width: isMobile ? '100%' : 220 }} />
          </Form.Item>
          <Form.Item name="period" label={t('departureAudit.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker allowClear={false} style={{ width: isMobile ? '100%' : 280 }} />
          </Form.Item>
          <Flex gap={8} wrap>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={isFetching}>
              {t('departureAudit.run')}
            </Button>
            {query && data && (
              <Button icon={<DownloadOutlined />} href={apiUrl('/departure-audit.xlsx', query)} data-testid="download-audit">
                {t('departureAudit.download')}
              </Button>
            )}
          </Flex>
        </Form>
      </Card>
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : !data ? (
        <Card>
          <Empty image={<FileSearchOutlined style={{ fontSize: 40, color: '#9db4d8' }} />} styles={{ image: { height: 48 } }} description={t('departureAudit.pick')} />
        </Card>
      ) : (
        <Card
          title={`${data.user.displayName}（${data.user.username}） · ${data.user.orgUnitName}`}
          extra={<Typography.Text type="secondary">{`${formatDateTime(data.period.from).slice(0, 10)} — ${formatDateTime(data.period.to).slice(0, 10)}`}</Typography.Text>}
          data-testid="departure-audit-report"
        >
          <Tabs
            items={[
              { key: 'held', label: count(t('departureAudit.sections.held'), data.held.length), children: heldTable(data.held) },
              { key: 'changed', label: count(t('departureAudit.sections.changed'), data.changed.length), children: activity(data.changed) },
              { key: 'revealed', label: count(t('departureAudit.sections.revealed'), data.revealed.length), children: activity(data.revealed) },
              { key: 'exported', label: count(t('departureAudit.sections.exported'), data.exported.length), children: activity(data.exported) },
              { key: 'changeRequests', label: count(t('departureAudit.sections.changeRequests'), data.changeRequests.length), children: requestTable(data.changeRequests) },
            ]}
          />
        </Card>
      )}
    </>
  );
};
