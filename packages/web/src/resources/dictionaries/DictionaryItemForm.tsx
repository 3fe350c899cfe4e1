import { useEffect } from 'react';
import { App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import type { TDictionary, TDictionaryItem } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useCreateDictionaryItem, useUpdateDictionaryItem, type DictionaryItemInput } from '../../api/dictionaries';
import { useApiError } from '../../app/useApiError';
import { currentLocale } from '../../app/i18n';
import { dictionaryName, nextSortOrder } from './dictionaryModel';

export type DictionaryItemTarget = { mode: 'create'; dictionary: TDictionary } | { mode: 'edit'; dictionary: TDictionary; item: TDictionaryItem };

export const DictionaryItemForm = ({ target, onClose }: { target: DictionaryItemTarget | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<DictionaryItemInput>();
  const create = useCreateDictionaryItem();
  const update = useUpdateDictionaryItem();
  const showError = useApiError();
  const { message } = App.useApp();
  const editing = target?.mode === 'edit' ? target.item : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(
      target.mode === 'edit'
        ? { value: target.item.value, labelZh: target.item.labelZh, labelEn: target.item.labelEn, sortOrder: target.item.sortOrder, enabled: target.item.enabled }
        : { value: '', labelZh: '', labelEn: '', sortOrder: nextSortOrder(target.dictionary.items), enabled: true },
    );
  }, [target, form]);

  const save = (v: DictionaryItemInput) => {
    if (!target) return;
    const done = {
      onSuccess: () => {
        void message.success(editing ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (e: unknown) => showError(e, form, { onConflict: onClose }),
    };
    const { labelZh, labelEn, sortOrder, enabled } = v;
    if (editing) update.mutate({ code: target.dictionary.code, id: editing.id, version: editing.version, labelZh, labelEn, sortOrder, enabled }, done);
    else create.mutate({ code: target.dictionary.code, ...v, value: v.value.trim() }, done);
  };

  return (
    <Modal
      open={Boolean(target)}
      title={editing ? t('dictionaries.editTitle') : target ? t('dictionaries.createTitle', { dict: dictionaryName(target.dictionary, currentLocale()) }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="dictionary-item-form">
        <Form.Item
          name="value"
          label={t('dictionaries.value')}
          extra={editing ? undefined : t('dictionaries.valueHint')}
          rules={[
            { required: true, message: t('common.required', { field: t('dictionaries.value') }) },
            { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('orgUnits.codeHint') },
          ]}
        >
          <Input className="mono" disabled={Boolean(editing)} maxLength={40} />
        </Form.Item>
        <Form.Item name="labelZh" label={t('dictionaries.labelZh')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('dictionaries.labelZh') }) }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="labelEn" label={t('dictionaries.labelEn')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('dictionaries.labelEn') }) }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('dictionaries.sortOrder')} extra={t('orgUnits.sortOrderHint')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="enabled" label={t('dictionaries.enabled')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </Modal>
  );
};
