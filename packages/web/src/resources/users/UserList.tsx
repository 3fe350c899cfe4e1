import { useState } from 'react';
import { Badge, Button, Card, Empty, Flex, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { TUser } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useUsers, type UserQuery } from '../../api/users';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../components/format';
import { roleLabel } from '../roles/roleModel';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserActions } from './UserActions';
import { UserFilters } from './UserFilters';
import { UserForm, type UserFormTarget } from './UserForm';
import { hasFilters, isLocked, paramsFromQuery, queryFromParams, sortOrderOf, sortParam } from './userModel';

export const UserList = () => {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = queryFromParams(params);
  const { data, isFetching, isPending } = useUsers(query);
  const [form, setForm] = useState<UserFormTarget | null>(null);
  const [resetting, setResetting] = useState<TUser | null>(null);

  const setQuery = (patch: Partial<UserQuery>, resetPage = true) =>
    setParams(paramsFromQuery({ ...query, ...patch, ...(resetPage ? { page: 1 } : {}) }), { replace: true });

  const filtered = hasFilters(query);
  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create', orgUnitId: query.orgUnitId })} data-testid="create-user">
      {t('users.create')}
    </Button>
  );

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
          scroll={{ x: 'max-content' }}
          data-testid="user-table"
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
          columns={[
            {
              title: t('users.displayName'),
              dataIndex: 'displayName',
              sorter: true,
              sortOrder: sortOrderOf(query.sort, 'displayName'),
              render: (name: string, u) => (
                <Space size={6}>
                  <Typography.Text strong>{name}</Typography.Text>
                  {isLocked(u) && (
                    <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
                      <Tag color="orange" icon={<LockOutlined />}>
                        {t('users.locked')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
            },
            {
              title: t('users.username'),
              dataIndex: 'username',
              sorter: true,
              sortOrder: sortOrderOf(query.sort, 'username'),
              render: (v: string) => <span className="mono">{v}</span>,
            },
            { title: t('users.orgUnit'), dataIndex: 'orgUnitName' },
            {
              title: t('users.roles'),
              dataIndex: 'roles',
              render: (roles: TUser['roles']) => (
                <Space size={[4, 4]} wrap>
                  {roles.map((r) => (
                    <Tag key={r.id}>{roleLabel(t, r)}</Tag>
                  ))}
                </Space>
              ),
            },
            { title: t('users.grade'), dataIndex: 'grade', render: (g: TUser['grade']) => (g ? t(`grade.${g}`) : '—') },
            {
              title: t('users.status'),
              dataIndex: 'status',
              render: (s: TUser['status']) => <Badge status={s === 'active' ? 'success' : 'default'} text={t(`users.statuses.${s}`)} />,
            },
            {
              title: t('common.createdAt'),
              dataIndex: 'createdAt',
              sorter: true,
              sortOrder: sortOrderOf(query.sort, 'createdAt'),
              render: (v: string) => <Typography.Text type="secondary">{formatDateTime(v)}</Typography.Text>,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              render: (_, u) => <UserActions user={u} onEdit={() => setForm({ mode: 'edit', user: u })} onResetPassword={() => setResetting(u)} />,
            },
          ]}
        />
      </Card>
      <UserForm target={form} onClose={() => setForm(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  );
};
