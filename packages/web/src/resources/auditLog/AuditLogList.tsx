import { useMemo } from 'react';
import { Card, Empty, Flex, Table, Tag, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import type { TAuditEntry } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuditLog, type AuditQuery } from '../../api/auditLog';
import { useOrgUnits } from '../../api/orgUnits';
import { useRoles } from '../../api/roles';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { formatDateTime } from '../../components/format';
import { tKey } from '../../app/i18n';
import { useSession } from '../../app/session';
import { roleLabel } from '../roles/roleModel';
import { AuditChanges } from './AuditChanges';
import { AuditFilters } from './AuditFilters';
import type { Lookups } from './AuditValue';
import { actionColor, auditParamsFromQuery, auditQueryFromParams, hasAuditFilters, summaryOf } from './auditModel';

export const AuditLogList = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = auditQueryFromParams(params);
  const { data, isPending, isFetching, error, refetch } = useAuditLog(query);
  const { data: units } = useOrgUnits(can('orgUnit.read'));
  const { data: roles } = useRoles();

  // Ids in changes (orgUnitId, roleIds) are shown by name where the viewer can see them.
  const lookups: Lookups = useMemo(
    () => ({
      orgUnits: new Map((units ?? []).map((u) => [u.id, u.name])),
      roles: new Map((roles ?? []).map((r) => [r.id, roleLabel(t, r)])),
    }),
    [units, roles, t],
  );

  const setQuery = (patch: Partial<AuditQuery>, resetPage = true) =>
    setParams(auditParamsFromQuery({ ...query, ...patch, ...(resetPage ? { page: 1 } : {}) }), { replace: true });

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  const actorName = data?.data.find((e) => e.actorId === query.actorId)?.actorName ?? undefined;

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')} />
      <Card>
        <AuditFilters query={query} onChange={(p) => setQuery(p)} actorName={actorName} />
        <Table<TAuditEntry>
          rowKey="id"
          size="middle"
          loading={isPending || (isFetching && { delay: 200 })}
          dataSource={data?.data}
          scroll={{ x: 'max-content' }}
          data-testid="audit-table"
          expandable={{
            expandedRowRender: (e) => <AuditChanges entry={e} lookups={lookups} />,
            rowExpandable: (e) => Boolean(e.changes || e.detail || e.entityId),
            expandRowByClick: true,
          }}
          pagination={{
            current: data?.page ?? query.page,
            pageSize: data?.perPage ?? query.perPage,
            total: data?.count ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
            onChange: (page, perPage) => setQuery({ page, perPage }, false),
          }}
          locale={{
            emptyText: (
              <Empty
                image={<AuditOutlined style={{ fontSize: 40, color: '#bfbfbf' }} />}
                description={
                  <Flex vertical gap={4}>
                    <Typography.Text strong>{t('audit.empty')}</Typography.Text>
                    {hasAuditFilters(query) && <Typography.Text type="secondary">{t('audit.emptyHint')}</Typography.Text>}
                  </Flex>
                }
              />
            ),
          }}
          columns={[
            { title: t('audit.at'), dataIndex: 'at', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
            {
              title: t('audit.actor'),
              key: 'actor',
              render: (_, e) => e.actorName ?? <Typography.Text type="secondary">{e.action === 'login_failed' ? t('audit.anonymous') : t('audit.system')}</Typography.Text>,
            },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              render: (a: string) => <Tag color={actionColor(a)}>{tKey(t, `audit.actions.${a}`, a)}</Tag>,
            },
            { title: t('audit.entity'), dataIndex: 'entity', render: (v: string) => tKey(t, `audit.entities.${v}`, v) },
            {
              title: t('audit.summary'),
              key: 'summary',
              render: (_, e) => {
                const s = summaryOf(e);
                return s ? (
                  <Typography.Text ellipsis={{ tooltip: s }} style={{ maxWidth: 280 }}>
                    {s}
                  </Typography.Text>
                ) : (
                  <Typography.Text type="secondary">—</Typography.Text>
                );
              },
            },
            { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
          ]}
        />
      </Card>
    </>
  );
};
