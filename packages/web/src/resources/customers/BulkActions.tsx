import { useState } from 'react';
import { App, Button, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import { CloseOutlined, RollbackOutlined, TagsOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAssignCustomers, useBulkTag } from '../../api/customers';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { UserSelect } from '../users/UserSelect';
import { ReleaseModal } from './ReleaseModal';
import { useDictionary } from './useDictionary';

type Props = { ids: string[]; tagsInSelection: string[]; onClear: () => void };

/** The bar over the table while rows are selected: assign, release to the pool, tag. */
export const BulkActions = ({ ids, tagsInSelection, onClear }: Props) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const [open, setOpen] = useState<'assign' | 'release' | 'tag' | null>(null);
  const close = () => setOpen(null);
  const done = () => {
    close();
    onClear();
  };

  return (
    <Flex className="bulk-bar" align="center" justify="space-between" gap={8} wrap data-testid="bulk-bar">
      <Typography.Text strong>{t('customers.selected', { count: ids.length })}</Typography.Text>
      <Flex gap={8} wrap>
        {can('customer.assign') && (
          <Button icon={<UserSwitchOutlined />} onClick={() => setOpen('assign')} data-testid="bulk-assign">
            {t('customers.bulkAssign')}
          </Button>
        )}
        {can('customer.update') && (
          <Button icon={<TagsOutlined />} onClick={() => setOpen('tag')} data-testid="bulk-tag">
            {t('customers.bulkTag')}
          </Button>
        )}
        {can('customer.update') && (
          <Button danger icon={<RollbackOutlined />} onClick={() => setOpen('release')} data-testid="bulk-release">
            {t('customers.bulkRelease')}
          </Button>
        )}
        <Button type="text" icon={<CloseOutlined />} onClick={onClear}>
          {t('customers.clearSelection')}
        </Button>
      </Flex>
      <AssignModal ids={open === 'assign' ? ids : null} onClose={close} onDone={done} />
      <TagModal ids={open === 'tag' ? ids : null} existing={tagsInSelection} onClose={close} onDone={done} />
      <ReleaseModal target={open === 'release' ? { ids } : null} onClose={close} onDone={onClear} />
    </Flex>
  );
};

const AssignModal = ({ ids, onClose, onDone }: { ids: string[] | null; onClose: () => void; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ ownerId: string; reason?: string }>();
  const assign = useAssignCustomers();
  const showError = useApiError();
  const { message } = App.useApp();
  return (
    <Modal
      open={Boolean(ids)}
      title={t('customers.assignTitle', { count: ids?.length ?? 0 })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('customers.bulkAssign')}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          assign.mutate(
            { customerIds: ids!, ownerId: v.ownerId, reason: v.reason?.trim() || undefined },
            {
              onSuccess: (r) => {
                void message.success(t('customers.assigned', { count: r.updated }));
                onDone();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item name="ownerId" label={t('customers.assignTo')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('customers.assignTo') }) }]}>
          <UserSelect />
        </Form.Item>
        <Form.Item name="reason" label={t('customers.assignReason')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

const TagModal = ({ ids, existing, onClose, onDone }: { ids: string[] | null; existing: string[]; onClose: () => void; onDone: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ add?: string[]; remove?: string[] }>();
  const { options, label } = useDictionary();
  const tag = useBulkTag();
  const showError = useApiError();
  const { message } = App.useApp();
  const removable = existing.map((v) => ({ value: v, label: label('customerTag', v) }));
  return (
    <Modal
      open={Boolean(ids)}
      title={t('customers.tagTitle', { count: ids?.length ?? 0 })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={tag.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => {
          if (!v.add?.length && !v.remove?.length) {
            form.setFields([{ name: 'add', errors: [t('customers.tagsRequired')] }]);
            return;
          }
          tag.mutate(
            { customerIds: ids!, add: v.add?.length ? v.add : undefined, remove: v.remove?.length ? v.remove : undefined },
            {
              onSuccess: (r) => {
                void message.success(t('customers.tagged', { count: r.updated }));
                onDone();
              },
              onError: (e) => showError(e, form),
            },
          );
        }}
      >
        <Form.Item name="add" label={t('customers.tagsAdd')}>
          <Select mode="tags" options={options('customerTag')} placeholder={t('customerForm.tagsPlaceholder')} />
        </Form.Item>
        <Form.Item name="remove" label={t('customers.tagsRemove')} style={{ marginBottom: 0 }}>
          <Select mode="multiple" options={removable} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
