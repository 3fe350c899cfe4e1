import { App, Button, Descriptions, Flex, Popconfirm, Tooltip } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { TOrgUnit } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDeleteOrgUnit } from '../../api/orgUnits';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../components/format';

type Props = {
  unit: TOrgUnit;
  parent: TOrgUnit | undefined;
  hasChildren: boolean;
  onEdit: () => void;
  onCreateChild: () => void;
  onDeleted: () => void;
};

export const OrgUnitDetail = ({ unit, parent, hasChildren, onEdit, onCreateChild, onDeleted }: Props) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const remove = useDeleteOrgUnit();
  const showError = useApiError();
  const { message } = App.useApp();

  const blockedReason = !unit.parentId
    ? t('orgUnits.deleteRoot')
    : hasChildren
      ? t('orgUnits.deleteBlockedChildren')
      : unit.userCount
        ? t('orgUnits.deleteBlockedUsers')
        : null;

  return (
    <Flex vertical gap={16}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'name', label: t('orgUnits.name'), children: unit.name },
          { key: 'code', label: t('orgUnits.code'), children: <span className="mono">{unit.code}</span> },
          { key: 'kind', label: t('orgUnits.kind'), children: t(`orgUnits.kinds.${unit.kind}`) },
          { key: 'parent', label: t('orgUnits.parent'), children: parent?.name ?? '—' },
          { key: 'users', label: t('orgUnits.userCount'), children: unit.userCount ?? 0 },
          { key: 'sort', label: t('orgUnits.sortOrder'), children: unit.sortOrder },
          { key: 'updated', label: t('common.updatedAt'), children: formatDateTime(unit.updatedAt), span: 'filled' },
        ]}
      />
      <Flex gap={8} wrap>
        <Button icon={<EditOutlined />} onClick={onEdit}>
          {t('common.edit')}
        </Button>
        <Button icon={<PlusOutlined />} onClick={onCreateChild}>
          {t('orgUnits.createChild')}
        </Button>
        {can('user.manage') && (
          <Link to={`/admin/users?orgUnitId=${unit.id}`}>
            <Button icon={<TeamOutlined />}>{t('orgUnits.viewUsers')}</Button>
          </Link>
        )}
        <Tooltip title={blockedReason}>
          <Popconfirm
            title={t('orgUnits.deleteConfirm', { name: unit.name })}
            okButtonProps={{ danger: true }}
            disabled={Boolean(blockedReason)}
            onConfirm={() =>
              remove.mutateAsync({ id: unit.id, version: unit.version }).then(
                () => {
                  void message.success(t('common.deleted'));
                  onDeleted();
                },
                (e: unknown) => showError(e),
              )
            }
          >
            <Button danger icon={<DeleteOutlined />} disabled={Boolean(blockedReason)}>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Tooltip>
      </Flex>
    </Flex>
  );
};
