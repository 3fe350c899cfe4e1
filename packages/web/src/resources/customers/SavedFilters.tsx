import { useState } from 'react';
import { App, Button, Dropdown, Form, Input, Modal, Typography, type MenuProps } from 'antd';
import { BookOutlined, DeleteOutlined, DownOutlined, SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCreateSavedFilter, useDeleteSavedFilter, useSavedFilters, type TSavedFilter } from '../../api/customers';
import { useApiError } from '../../app/useApiError';

type Props = { current: Record<string, string>; onApply: (query: Record<string, string>) => void };

/** The user's saved customer-list filters: apply one, save the current filters, delete. */
export const SavedFilters = ({ current, onApply }: Props) => {
  const { t } = useTranslation();
  const { data: saved = [] } = useSavedFilters();
  const create = useCreateSavedFilter();
  const remove = useDeleteSavedFilter();
  const showError = useApiError();
  const { message, modal } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ name: string }>();
  const canSave = Object.keys(current).length > 0;

  const confirmDelete = (f: TSavedFilter) =>
    modal.confirm({
      title: t('customers.deleteSavedFilter', { name: f.name }),
      okButtonProps: { danger: true },
      okText: t('common.delete'),
      onOk: () => remove.mutateAsync(f.id).then(() => void message.success(t('common.deleted')), showError),
    });

  const items: MenuProps['items'] = [
    ...(saved.length
      ? saved.map((f) => ({
          key: f.id,
          label: (
            <span className="saved-filter-item">
              <span>{f.name}</span>
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                onClick={(e) => {
                  e.stopPropagation();
                  confirmDelete(f);
                }}
              />
            </span>
          ),
        }))
      : [{ key: 'none', disabled: true, label: <Typography.Text type="secondary">{t('customers.noSavedFilters')}</Typography.Text> }]),
    { type: 'divider' as const },
    { key: 'save', icon: <SaveOutlined />, label: t('customers.saveFilter'), disabled: !canSave },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'save') {
      form.resetFields();
      setSaving(true);
      return;
    }
    const f = saved.find((s) => s.id === key);
    if (f) onApply(f.query);
  };

  const save = ({ name }: { name: string }) =>
    create.mutate(
      { name: name.trim(), query: current },
      {
        onSuccess: () => {
          void message.success(t('customers.filterSaved'));
          setSaving(false);
        },
        onError: (e) => showError(e, form),
      },
    );

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button icon={<BookOutlined />} data-testid="saved-filters">
          {t('customers.savedFilters')} <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
      <Modal
        open={saving}
        title={t('customers.saveFilterTitle')}
        onCancel={() => setSaving(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="name" label={t('customers.filterName')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('customers.filterName') }) }, { max: 40 }]}>
            <Input maxLength={40} placeholder={t('customers.filterNamePlaceholder')} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
};
