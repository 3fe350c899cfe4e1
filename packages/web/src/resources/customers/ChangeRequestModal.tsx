import { useEffect } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useRequestChange } from '../../api/customers';
import { useGradingRules } from '../../api/grading';
import { useApiError } from '../../app/useApiError';
import { UserSelect } from '../users/UserSelect';

type Field = 'ownerId' | 'grade' | 'creditCode';
type Values = { field: Field; value?: string | null; reason: string };
const CLEAR = '__clear__';

/** Owner, grade and a recorded credit code change only through a leader's approval. */
export const ChangeRequestModal = ({ customer, open, onClose }: { customer: TCustomer; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const request = useRequestChange();
  const { data: rules } = useGradingRules();
  const showError = useApiError();
  const { message } = App.useApp();
  const field = Form.useWatch('field', form);
  const fields: Field[] = customer.kind === 'individual' ? ['ownerId', 'grade'] : ['ownerId', 'grade', 'creditCode'];
  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ field: 'ownerId' });
    }
  }, [open, form]);

  const valueInput =
    field === 'ownerId' ? (
      <UserSelect excludeIds={customer.ownerId ? [customer.ownerId] : []} />
    ) : field === 'grade' ? (
      <Select
        options={[
          ...(rules?.grades ?? ['A', 'B', 'C', 'D']).filter((g) => g !== customer.grade).map((g) => ({ value: g, label: g })),
          { value: CLEAR, label: t('customerDetail.clearOverride') },
        ]}
      />
    ) : (
      <Input className="mono" maxLength={40} style={{ textTransform: 'uppercase' }} />
    );

  return (
    <Modal open={open} title={`${t('customerDetail.requestTitle')} · ${customer.name}`} onCancel={onClose} onOk={() => form.submit()} confirmLoading={request.isPending} destroyOnHidden>
      <Alert type="info" showIcon title={t('customerDetail.requestHint')} style={{ marginBottom: 16 }} />
      <Form
        form={form}
        layout="vertical"
        data-testid="change-request-form"
        onFinish={(v) =>
          request.mutate(
            { id: customer.id, field: v.field, value: v.value === CLEAR ? null : (v.value?.trim() ?? null), reason: v.reason.trim() },
            {
              onSuccess: () => {
                void message.success(t('customerDetail.requested'));
                onClose();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item name="field" label={t('customerDetail.requestField')}>
          <Select
            options={fields.map((f) => ({ value: f, label: t(`customerDetail.requestFields.${f}`) }))}
            onChange={() => form.setFieldsValue({ value: undefined })}
          />
        </Form.Item>
        <Form.Item
          name="value"
          label={t('customerDetail.requestValue')}
          rules={[{ required: true, message: t('common.required', { field: t('customerDetail.requestValue') }) }]}
        >
          {valueInput}
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('customerDetail.requestReason')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('customerDetail.requestReason') }) }, { max: 500 }]}
          style={{ marginBottom: 0 }}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
};
