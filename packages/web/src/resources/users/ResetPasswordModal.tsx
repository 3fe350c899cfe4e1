import { useEffect } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Space, Typography } from 'antd';
import type { TUser } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useResetPassword } from '../../api/users';
import { useApiError } from '../../app/useApiError';
import { MIN_PASSWORD_LENGTH, generatePassword } from './userModel';

type Values = { newPassword: string; mustChangePassword: boolean };

export const ResetPasswordModal = ({ user, onClose }: { user: TUser | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const reset = useResetPassword();
  const password = Form.useWatch('newPassword', form);
  const showError = useApiError();
  const { message } = App.useApp();

  useEffect(() => {
    if (user) form.setFieldsValue({ newPassword: generatePassword(), mustChangePassword: true });
  }, [user, form]);

  const save = (v: Values) =>
    reset.mutate(
      { id: user!.id, ...v },
      {
        onSuccess: () => {
          void message.success(t('users.passwordReset'));
          onClose();
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <Modal
      open={Boolean(user)}
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.resetPassword')}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('users.resetPasswordHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={save} preserve={false}>
        <Form.Item label={t('password.new')} extra={t('password.policy')} required>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="newPassword"
              noStyle
              rules={[
                { required: true, message: t('common.required', { field: t('password.new') }) },
                { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort') },
              ]}
            >
              <Input
                className="mono"
                autoComplete="off"
                suffix={password ? <Typography.Text copyable={{ text: password, tooltips: [t('common.copy'), t('common.copied')] }} /> : <span />}
              />
            </Form.Item>
            <Button onClick={() => form.setFieldsValue({ newPassword: generatePassword() })}>{t('password.generate')}</Button>
          </Space.Compact>
        </Form.Item>
        <Form.Item name="mustChangePassword" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('users.mustChange')}</Checkbox>
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
};
