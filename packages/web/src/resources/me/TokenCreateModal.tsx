import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCreateToken, type TCreatedToken } from '../../api/me';
import { useApiError } from '../../app/useApiError';

type Values = { name: string; expiresInDays?: number | null };

/** Creates a token, then shows it once for copying; it cannot be shown again. */
export const TokenCreateModal = ({ open, onClose }: { open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateToken();
  const showError = useApiError();
  const [created, setCreated] = useState<TCreatedToken | null>(null);

  const close = () => {
    setCreated(null);
    form.resetFields();
    onClose();
  };

  const save = (v: Values) =>
    create.mutate(
      { name: v.name, ...(v.expiresInDays ? { expiresInDays: v.expiresInDays } : {}) },
      { onSuccess: setCreated, onError: (e) => showError(e, form) },
    );

  return (
    <Modal
      open={open}
      title={created ? t('tokens.createdTitle') : t('tokens.create')}
      onCancel={close}
      mask={{ closable: !created }}
      destroyOnHidden
      footer={
        created ? (
          <Button type="primary" onClick={close}>
            {t('common.close')}
          </Button>
        ) : (
          [
            <Button key="cancel" onClick={close}>
              {t('common.cancel')}
            </Button>,
            <Button key="ok" type="primary" loading={create.isPending} onClick={() => form.submit()}>
              {t('common.create')}
            </Button>,
          ]
        )
      }
    >
      {created ? (
        <>
          <Alert type="warning" showIcon title={t('tokens.createdHint')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph
            copyable={{ text: created.token, tooltips: [t('common.copy'), t('common.copied')] }}
            className="secret-token mono"
            data-testid="created-token"
          >
            {created.token}
          </Typography.Paragraph>
        </>
      ) : (
        <Form form={form} layout="vertical" onFinish={save} requiredMark={false}>
          <Form.Item name="name" label={t('tokens.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('tokens.name') }) }, { max: 60 }]}>
            <Input placeholder={t('tokens.namePlaceholder')} maxLength={60} />
          </Form.Item>
          <Form.Item name="expiresInDays" label={t('tokens.expiresInDays')}>
            <InputNumber min={1} max={3650} precision={0} placeholder={t('tokens.expiresPlaceholder')} style={{ width: '100%' }} />
          </Form.Item>
          <button type="submit" hidden />
        </Form>
      )}
    </Modal>
  );
};
