import { useMemo } from 'react';
import { Card, Empty, Flex, Table, Typography } from 'antd';
import { AuditOutlined } from '@ant-design/icons';
import type { TAuditEntry } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAuditLog, type AuditQuery } from '../../api/auditLog';
import { useOrgUnits } from '../../api/orgUnits';
import { useRoles } from '../../api/roles';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useSession } from '../../app/session';
import { roleLabel } from '../roles/roleLabel';
import { AuditChanges } from './AuditChanges';
import { AuditFilters } from './AuditFilters';
import type { Lookups } from './AuditValue';
import { auditParamsFromQuery, auditQueryFromParams, hasAuditFilters } from './auditModel';
import { auditColumns, auditMobileColumns } from './auditColumns';

export const AuditLogList = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const query = auditQueryFromParams(params);
  const { data, isPending, isFetching, error, refetch } = useAuditLog(query);
  const { data: units } = useOrgUnits(can('orgUnit.read'));
  const { data: roles } = useRoles();
  const isMobile = useIsMobile();

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
          // A fixed minimum width, not max-content: expanded rows size to the visible width and a
          // max-content table would grow with them without end.
          scroll={isMobile ? undefined : { x: 960 }}
          data-testid="audit-table"
          showHeader={!isMobile}
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
          columns={isMobile ? auditMobileColumns(t) : auditColumns(t)}
        />
      </Card>
    </>
  );
};
