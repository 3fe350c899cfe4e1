import { Alert, App, Button, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useChangePassword, useSignOut } from '../../api/me';
import { useApiError } from '../../app/useApiError';
import { MIN_PASSWORD_LENGTH } from '../users/userModel';

type Values = { currentPassword: string; newPassword: string; confirm: string };

/** Change one's own password; `forced` when the account must change it before going on. */
export const ChangePasswordModal = ({ open, onClose, forced = false }: { open: boolean; onClose: () => void; forced?: boolean }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const showError = useApiError();
  const { message } = App.useApp();

  const save = (v: Values) =>
    change.mutate(
      { currentPassword: v.currentPassword, newPassword: v.newPassword },
      {
        onSuccess: (res) => {
          void message.success(res.revokedTokens > 0 ? t('password.changedTokensRevoked', { count: res.revokedTokens }) : t('password.changed'));
          form.resetFields();
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <Modal
      open={open}
      title={forced ? t('password.forcedTitle') : t('password.title')}
      onCancel={forced ? undefined : onClose}
      closable={!forced}
      mask={{ closable: !forced }}
      keyboard={!forced}
      destroyOnHidden
      footer={[
        forced ? (
          <Button key="out" onClick={() => signOut.mutate(undefined, { onSettled: () => void navigate('/sign-in', { replace: true }) })}>
            {t('userMenu.signOut')}
          </Button>
        ) : (
          <Button key="cancel" onClick={onClose}>
            {t('common.cancel')}
          </Button>
        ),
        <Button key="ok" type="primary" loading={change.isPending} onClick={() => form.submit()}>
          {t('password.submit')}
        </Button>,
      ]}
    >
      {forced && <Alert type="info" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} />}
      <Alert type="warning" showIcon title={t('password.revokesHint')} style={{ marginBottom: 16 }} data-testid="password-revokes-hint" />
      <Form form={form} layout="vertical" requiredMark={false} onFinish={save} data-testid="change-password-form">
        <Form.Item name="currentPassword" label={t('password.current')} rules={[{ required: true, message: t('common.required', { field: t('password.current') }) }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          extra={t('password.policy')}
          rules={[
            { required: true, message: t('common.required', { field: t('password.new') }) },
            { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort') },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required', { field: t('password.confirm') }) },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
};
