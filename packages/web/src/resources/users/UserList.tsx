import { useState } from 'react';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { TUser } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useUsers, type UserQuery } from '../../api/users';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFilters } from './UserFilters';
import { UserForm, type UserFormTarget } from './UserForm';
import { hasFilters, paramsFromQuery, queryFromParams, sortParam } from './userModel';
import { userColumns, userMobileColumns } from './userColumns';

export const UserList = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const { data, isFetching, isPending } = useUsers(query);
  const [form, setForm] = useState<UserFormTarget | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);
  const isMobile = useIsMobile();

  const setQuery = (patch: Partial<UserQuery>, resetPage = true) =>
    setParams(paramsFromQuery({ ...query, ...patch, ...(resetPage ? { page: 1 } : {}) }), { replace: true });

  const filtered = hasFilters(query);
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create', orgUnitId: query.orgUnitId })} data-testid="create-user">
      {t('users.create')}
    </Button>
  );
  const columnOptions = { t, sort: query.sort, onEdit: (u: TUser) => setForm({ mode: 'edit', user: u }), onResetPassword: setResetting };

  return (
    <>
      <PageHeader title={t('users.title')} description={t('users.description')} extra={createButton} />
      <Card>
        <UserFilters query={query} onChange={(p) => setQuery(p)} />
        <Table<TUser>
          rowKey="id"
          size="middle"
          loading={isFetching && !isPending ? { delay: 200 } : isPending}
          dataSource={data?.data}
          scroll={isMobile ? undefined : { x: 'max-content' }}
          data-testid="user-table"
          showHeader={!isMobile}
          onChange={(pagination, _filters, sorter, extra) => {
            if (extra.action === 'sort') {
              const s = Array.isArray(sorter) ? sorter[0] : sorter;
              setQuery({ sort: sortParam(s?.field, s?.order) });
            } else if (extra.action === 'paginate') setQuery({ page: pagination.current, perPage: pagination.pageSize }, false);
          }}
          pagination={{
            current: data?.page ?? query.page,
            pageSize: data?.perPage ?? query.perPage,
            total: data?.count ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { count: total }),
            hideOnSinglePage: false,
          }}
          locale={{
            emptyText: (
              <Empty
                image={<TeamOutlined style={{ fontSize: 40, color: '#bfbfbf' }} />}
                description={
                  <Flex vertical gap={4}>
                    <Typography.Text strong>{filtered ? t('users.noMatch') : t('users.empty')}</Typography.Text>
                    <Typography.Text type="secondary">{filtered ? t('users.noMatchHint') : t('users.emptyHint')}</Typography.Text>
                  </Flex>
                }
              >
                {!filtered && createButton}
              </Empty>
            ),
          }}
          columns={isMobile ? userMobileColumns(columnOptions) : userColumns(columnOptions)}
        />
      </Card>
      <UserForm target={form} onClose={() => setForm(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
};
