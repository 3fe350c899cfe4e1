import { Badge, Flex, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { TUser } from '@liaison/shared';
import { formatDateTime } from '../../components/format';
import { roleLabel } from '../roles/roleLabel';
import { UserActions } from './UserActions';
import { isLocked, sortOrderOf } from './userModel';

type Options = { t: TFunction; sort: string | undefined; onEdit: (u: TUser) => void; onResetPassword: (u: TUser) => void };

const lockTag = (t: TFunction, u: TUser) =>
  isLocked(u) && (
    <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil) })}>
      <Tag color="orange" icon={<LockOutlined />}>
        {t('users.locked')}
      </Tag>
    </Tooltip>
  );

const roleTags = (t: TFunction, roles: TUser['roles']) => (
  <Space size={[4, 4]} wrap>
    {roles.map((r) => (
      <Tag key={r.id}>{roleLabel(t, r)}</Tag>
    ))}
  </Space>
);

const actions = ({ onEdit, onResetPassword }: Options, u: TUser) => (
  <UserActions user={u} onEdit={() => onEdit(u)} onResetPassword={() => onResetPassword(u)} />
);

/** The desktop table; sortable columns follow the API's `sort` names. */
export const userColumns = (o: Options): TableColumnsType<TUser> => {
  const { t, sort } = o;
  return [
    {
      title: t('users.displayName'),
      dataIndex: 'displayName',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'displayName'),
      render: (name: string, u) => (
        <Space size={6}>
          <Typography.Text strong>{name}</Typography.Text>
          {lockTag(t, u)}
        </Space>
      ),
    },
    {
      title: t('users.username'),
      dataIndex: 'username',
      sorter: true,
      sortOrder: sortOrderOf(sort, 'username'),
      render: (v: string) => <span className="mono">{v}</span>,
    },
    { title: t('users.orgUnit'), dataIndex: 'orgUnitName' },
    { title: t('users.roles'), dataIndex: 'roles', render: (roles: TUser['roles']) => roleTags(t, roles) },
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
      sortOrder: sortOrderOf(sort, 'createdAt'),
      render: (v: string) => <Typography.Text type="secondary">{formatDateTime(v)}</Typography.Text>,
    },
    { title: t('common.actions'), key: 'actions', fixed: 'right', render: (_, u) => actions(o, u) },
  ];
};

/** On a phone: one stacked column and the actions, no sideways scrolling. */
export const userMobileColumns = (o: Options): TableColumnsType<TUser> => {
  const { t } = o;
  return [
    {
      key: 'user',
      render: (_, u) => (
        <Flex vertical gap={4}>
          <Space size={6} wrap>
            <Typography.Text strong>{u.displayName}</Typography.Text>
            {u.status === 'disabled' && <Tag>{t('users.statuses.disabled')}</Tag>}
            {lockTag(t, u)}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <span className="mono">{u.username}</span> · {u.orgUnitName}
            {u.grade ? ` · ${t(`grade.${u.grade}`)}` : ''}
          </Typography.Text>
          {roleTags(t, u.roles)}
        </Flex>
      ),
    },
    { key: 'actions', width: 96, render: (_, u) => actions(o, u) },
  ];
};
