import { useEffect } from 'react';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useBulkRelease, useReleaseCustomer } from '../../api/customers';
import { useApiError } from '../../app/useApiError';
import { useDictionary } from './useDictionary';

export type ReleaseTarget = { customer: TCustomer } | { ids: string[] };
type Values = { reason: string; note?: string };

/** Release one customer (with its version) or many to the pool, with a dictionary reason. */
export const ReleaseModal = ({ target, onClose, onDone }: { target: ReleaseTarget | null; onClose: () => void; onDone?: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { options } = useDictionary();
  const one = useReleaseCustomer();
  const many = useBulkRelease();
  const showError = useApiError();
  const { message } = App.useApp();
  useEffect(() => {
    if (target) form.resetFields();
  }, [target, form]);

  const count = !target ? 0 : 'ids' in target ? target.ids.length : 1;
  const save = (v: Values) => {
    const note = v.note?.trim() || undefined;
    const done = (n: number) => {
      void message.success(t('customers.released', { count: n }));
      onClose();
      onDone?.();
    };
    if (!target) return;
    if ('ids' in target)
      many.mutate({ customerIds: target.ids, reason: v.reason, note }, { onSuccess: (r) => done(r.updated), onError: (e) => showError(e, form, { onConflict: onClose }) });
    else
      one.mutate(
        { id: target.customer.id, version: target.customer.version, reason: v.reason, note },
        { onSuccess: () => done(1), onError: (e) => showError(e, form, { onConflict: onClose }) },
      );
  };

  return (
    <Modal
      open={Boolean(target)}
      title={target && 'customer' in target ? `${t('customers.releaseTitle')} · ${target.customer.name}` : t('customers.releaseBulkTitle', { count })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('customers.bulkRelease')}
      okButtonProps={{ danger: true }}
      confirmLoading={one.isPending || many.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('customers.releaseHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" onFinish={save} data-testid="release-form">
        <Form.Item name="reason" label={t('customers.releaseReason')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('customers.releaseReason') }) }]}>
          <Select options={options('releaseReason')} showSearch={{ optionFilterProp: 'label' }} />
        </Form.Item>
        <Form.Item name="note" label={t('customers.releaseNote')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
};
