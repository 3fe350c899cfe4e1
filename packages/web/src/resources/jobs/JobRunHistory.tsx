import { useState } from 'react';
import { Badge, Drawer, Empty, Flex, Table, Typography } from 'antd';
import type { TJobRun } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useJobRuns } from '../../api/jobs';
import { formatDateTime } from '../../components/format';
import { useIsMobile } from '../../components/useIsMobile';
import { tKey } from '../../app/i18n';
import { durationMs, formatDuration, resultSummary, statusBadge } from './jobModel';

export const JobRunHistory = ({ job, onClose }: { job: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const { data, isFetching } = useJobRuns(job ?? undefined, page);

  return (
    <Drawer
      open={Boolean(job)}
      onClose={() => {
        setPage(1);
        onClose();
      }}
      title={job ? t('jobs.historyTitle', { name: tKey(t, `jobs.names.${job}`, job) }) : ''}
      size={isMobile ? '100%' : 860}
      destroyOnHidden
    >
      <Table<TJobRun>
        rowKey="id"
        size="small"
        loading={isFetching}
        dataSource={data?.data}
        // Fixed, not max-content: expanded rows would otherwise widen the table without end.
        scroll={{ x: 720 }}
        pagination={{
          current: page,
          pageSize: data?.perPage ?? 10,
          total: data?.count ?? 0,
          onChange: setPage,
          showTotal: (total) => t('common.total', { count: total }),
        }}
        expandable={{
          rowExpandable: (r) => Boolean(r.message),
          expandedRowRender: (r) => (
            <Flex vertical gap={8}>
              {r.message && <Typography.Text>{r.message}</Typography.Text>}

            </Flex>
          ),
        }}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                <Flex vertical gap={4}>
                  <Typography.Text strong>{t('jobs.noRuns')}</Typography.Text>
                  <Typography.Text type="secondary">{t('jobs.noRunsHint')}</Typography.Text>
                </Flex>
              }
            />
          ),
        }}
        columns={[
          { title: t('jobs.startedAt'), dataIndex: 'startedAt', render: formatDateTime },
          { title: t('jobs.duration'), key: 'duration', render: (_, r) => formatDuration(durationMs(r.startedAt, r.finishedAt)) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            render: (s: TJobRun['status']) => <Badge status={statusBadge(s)} text={t(`jobs.statuses.${s}`)} />,
          },
          {
            // The run's counts in words: "回收 96 · 预警 72".
            title: t('jobs.result'),
            dataIndex: 'result',
            render: (r: TJobRun['result']) => {
              const text = resultSummary(r, (k) => tKey(t, `jobs.results.${k}`, k));
              return text ? <span data-testid="job-result">{text}</span> : <Typography.Text type="secondary">—</Typography.Text>;
            },
          },
          { title: t('jobs.instance'), dataIndex: 'instance', render: (v: string) => <span className="mono">{v}</span> },
          {
            title: t('jobs.message'),
            dataIndex: 'message',
            render: (v: string | null) => (
              <Typography.Text type="secondary" ellipsis={{ tooltip: v }} style={{ maxWidth: 260 }}>
                {v ?? '—'}
              </Typography.Text>
            ),
          },
        ]}
      />
    </Drawer>
  );
};
