import { useState } from 'react';
import { App, Badge, Button, Card, Empty, Flex, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import { HistoryOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useJobs, useRunJob, type TJob } from '../../api/jobs';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { formatDateTime, fromNow } from '../../components/format';
import { useApiError } from '../../app/useApiError';
import { tKey } from '../../app/i18n';
import { JobRunHistory } from './JobRunHistory';
import { describeCron, statusBadge } from './jobModel';

export const JobList = () => {
  const { t } = useTranslation();
  const { data: jobs, isPending, error, refetch } = useJobs();
  const run = useRunJob();
  const showError = useApiError();
  const { message } = App.useApp();
  const [history, setHistory] = useState<string | null>(null);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  const jobName = (name: string) => tKey(t, `jobs.names.${name}`, name);
  const schedule = (expr: string) => {
    const c = describeCron(expr);
    return c ? (c.key === 'hourlyAt' ? t('jobs.cron.hourlyAt', { minute: c.minute }) : t('jobs.cron.dailyAt', { time: c.time })) : expr;
  };

  return (
    <>
      <PageHeader title={t('jobs.title')} description={t('jobs.description')} />
      <Card>
        <Table<TJob>
          rowKey="name"
          loading={isPending}
          dataSource={jobs}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('jobs.empty')} /> }}
          columns={[
            {
              title: t('jobs.name'),
              dataIndex: 'name',
              render: (name: string) => (
                <Flex vertical>
                  <Typography.Text strong>{jobName(name)}</Typography.Text>
                  <Typography.Text type="secondary" className="mono">
                    {name}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('jobs.schedule'),
              dataIndex: 'schedule',
              render: (expr: string) => (
                <Flex vertical>
                  <span>{schedule(expr)}</span>
                  <Typography.Text type="secondary" className="mono">
                    {expr}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('jobs.nextRunAt'),
              dataIndex: 'nextRunAt',
              render: (v: string | null) =>
                v ? (
                  <Tooltip title={formatDateTime(v)}>
                    <span>{fromNow(v)}</span>
                  </Tooltip>
                ) : (
                  '—'
                ),
            },
            {
              title: t('jobs.lastRun'),
              key: 'lastRun',
              render: (_, j) =>
                j.lastRun ? (
                  <Space orientation="vertical" size={0}>
                    <Badge status={statusBadge(j.lastRun.status)} text={tKey(t, `jobs.statuses.${j.lastRun.status}`, j.lastRun.status)} />
                    <Typography.Text type="secondary">{formatDateTime(j.lastRun.startedAt)}</Typography.Text>
                  </Space>
                ) : (
                  <Typography.Text type="secondary">{t('jobs.neverRun')}</Typography.Text>
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              render: (_, j) => (
                <Space size={0}>
                  <Popconfirm
                    title={t('jobs.runConfirm', { name: jobName(j.name) })}
                    onConfirm={() =>
                      run.mutateAsync(j.name).then(
                        () => void message.success(t('jobs.started')),
                        (e: unknown) => showError(e),
                      )
                    }
                  >
                    <Button type="link" size="small" icon={<PlayCircleOutlined />}>
                      {t('jobs.runNow')}
                    </Button>
                  </Popconfirm>
                  <Button type="link" size="small" icon={<HistoryOutlined />} onClick={() => setHistory(j.name)}>
                    {t('jobs.history')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <JobRunHistory job={history} onClose={() => setHistory(null)} />
    </>
  );
};
