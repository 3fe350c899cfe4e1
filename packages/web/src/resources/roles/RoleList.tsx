import { useState } from 'react';
import { App, Button, Card, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TRole } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDeleteRole, useRoles } from '../../api/roles';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../app/useApiError';
import { RoleForm, type RoleFormTarget } from './RoleForm';
import { roleLabel } from './roleLabel';

export const RoleList = () => {
  const { t } = useTranslation();
  const { data: roles, isPending, error, refetch } = useRoles();
  const remove = useDeleteRole();
  const showError = useApiError();
  const { message } = App.useApp();
  const [form, setForm] = useState<RoleFormTarget | null>(null);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        description={t('roles.description')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create' })}>
            {t('roles.create')}
          </Button>
        }
      />
      <Card>
        <Table<TRole>
          rowKey="id"
          loading={isPending}
          dataSource={roles}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: t('roles.name'),
              key: 'name',
              render: (_, r) => (
                <Space size={6}>
                  <Typography.Text strong>{roleLabel(t, r)}</Typography.Text>
                  {r.builtin && <Tag color="blue">{t('common.builtin')}</Tag>}
                </Space>
              ),
            },
            { title: t('roles.code'), dataIndex: 'code', render: (v: string) => <span className="mono">{v}</span> },
            {
              title: t('roles.descriptionLabel'),
              dataIndex: 'description',
              render: (v: string) => (
                <Typography.Text type="secondary" ellipsis={{ tooltip: v }} style={{ maxWidth: 320 }}>
                  {v || '—'}
                </Typography.Text>
              ),
            },
            {
              title: t('roles.grants'),
              key: 'grants',
              render: (_, r) => (
                <Tooltip
                  title={
                    r.grants.length ? (
                      <Flex vertical>
                        {r.grants.map((g) => (
                          <span key={g.permission}>
                            {t(`permissions.${g.permission}`)} · {t(`scopes.${g.dataScope}`)}
                          </span>
                        ))}
                      </Flex>
                    ) : null
                  }
                >
                  <Tag>{t('roles.grantCount', { count: r.grants.length })}</Tag>
                </Tooltip>
              ),
            },
            {
              title: t('roles.userCount'),
              dataIndex: 'userCount',
              align: 'right',
              render: (n: number, r) => (n ? <Link to={`/admin/users?roleId=${r.id}`}>{n}</Link> : 0),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              render: (_, r) => {
                const blocked = r.builtin ? t('roles.builtinHint') : r.userCount ? t('roles.inUse', { count: r.userCount }) : null;
                return (
                  <Space size={0}>
                    <Button type="link" size="small" onClick={() => setForm({ mode: 'edit', role: r })}>
                      {t('common.edit')}
                    </Button>
                    <Tooltip title={blocked}>
                      <Popconfirm
                        title={t('roles.deleteConfirm', { name: roleLabel(t, r) })}
                        okButtonProps={{ danger: true }}
                        disabled={Boolean(blocked)}
                        onConfirm={() =>
                          remove.mutateAsync(r.id).then(
                            () => void message.success(t('common.deleted')),
                            (e: unknown) => showError(e),
                          )
                        }
                      >
                        <Button type="link" size="small" danger disabled={Boolean(blocked)}>
                          {t('common.delete')}
                        </Button>
                      </Popconfirm>
                    </Tooltip>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <RoleForm target={form} onClose={() => setForm(null)} />
    </>
  );
};
