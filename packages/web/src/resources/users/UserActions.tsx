import { App, Button, Dropdown, Flex, type MenuProps } from 'antd';
import { MoreOutlined } from '@ant-design/icons';
import type { TUser } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useUnlockUser, useUpdateUser } from '../../api/users';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { isLocked } from './userModel';

type Props = { user: TUser; onEdit: () => void; onResetPassword: () => void };

/** Edit, plus the less frequent account actions in a menu. */
export const UserActions = ({ user, onEdit, onResetPassword }: Props) => {
  const { t } = useTranslation();
  const { me } = useSession();
  const { modal, message } = App.useApp();
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const showError = useApiError();
  const active = user.status === 'active';

  const toggleStatus = () =>
    modal.confirm({
      title: active ? t('users.disable') : t('users.enable'),
      content: active ? t('users.disableConfirm', { name: user.displayName }) : t('users.enableConfirm', { name: user.displayName }),
      okButtonProps: { danger: active },
      okText: active ? t('users.disable') : t('users.enable'),
      onOk: () =>
        update.mutateAsync({ id: user.id, version: user.version, status: active ? 'disabled' : 'active' }).then(
          () => void message.success(active ? t('users.disabledDone') : t('users.enabledDone')),
          (e: unknown) => showError(e),
        ),
    });

  const items: MenuProps['items'] = [
    { key: 'reset', label: t('users.resetPassword') },
    ...(isLocked(user) ? [{ key: 'unlock', label: t('users.unlock') }] : []),
    ...(user.id === me.id ? [] : [{ type: 'divider' as const }, { key: 'status', label: active ? t('users.disable') : t('users.enable'), danger: active }]),
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'reset') onResetPassword();
    if (key === 'status') toggleStatus();
    if (key === 'unlock')
      unlock.mutate(user.id, { onSuccess: () => void message.success(t('users.unlocked')), onError: (e) => showError(e) });
  };

  return (
    <Flex gap={4}>
      <Button type="link" size="small" onClick={onEdit}>
        {t('common.edit')}
      </Button>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button type="text" size="small" icon={<MoreOutlined />} aria-label={t('common.more')} />
      </Dropdown>
    </Flex>
  );
};
