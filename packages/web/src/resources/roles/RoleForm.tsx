import { useEffect } from 'react';
import { Alert, App, Form, Input } from 'antd';
import type { TRole } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useCreateRole, usePermissions, useUpdateRole } from '../../api/roles';
import { FormDrawer } from '../../components/FormDrawer';
import { useApiError } from '../../app/useApiError';
import { GrantTable } from './GrantTable';
import { fromGrantRows, toGrantRows, type GrantRow } from './roleModel';
import { roleLabel } from './roleLabel';

export type RoleFormTarget = { mode: 'create' } | { mode: 'edit'; role: TRole };

type Values = { code?: string; name: string; description?: string; grants: GrantRow[] };

const sameGrants = (a: TRole['grants'], b: TRole['grants']) =>
  JSON.stringify([...a].sort((x, y) => x.permission.localeCompare(y.permission))) ===
  JSON.stringify([...b].sort((x, y) => x.permission.localeCompare(y.permission)));

export const RoleForm = ({ target, onClose }: { target: RoleFormTarget | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { data: permissions } = usePermissions();
  const create = useCreateRole();
  const update = useUpdateRole();
  const showError = useApiError();
  const { message } = App.useApp();
  const editing = target?.mode === 'edit' ? target.role : null;

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    const role = target.mode === 'edit' ? target.role : null;
    form.setFieldsValue({
      name: role?.name ?? '',
      description: role?.description ?? '',
      grants: toGrantRows(role?.grants ?? [], permissions),
    });
  }, [target, form, permissions]);

  const save = (v: Values) => {
    const grants = fromGrantRows(v.grants);
    const done = {
      onSuccess: () => {
        void message.success(editing ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (e: unknown) => showError(e, form, { onConflict: onClose }),
    };
    if (editing)
      // Only what changed is sent, so the audit log shows real changes.
      update.mutate(
        {
          id: editing.id,
          version: editing.version,
          ...(v.name !== editing.name ? { name: v.name } : {}),
          ...((v.description ?? '') !== editing.description ? { description: v.description ?? '' } : {}),
          ...(sameGrants(grants, editing.grants) ? {} : { grants }),
        },
        done,
      );
    else create.mutate({ code: v.code!.trim(), name: v.name, description: v.description, grants }, done);
  };

  return (
    <FormDrawer
      title={editing ? t('roles.editTitle', { name: roleLabel(t, editing) }) : t('roles.createTitle')}
      open={Boolean(target)}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitting={create.isPending || update.isPending}
      width={720}
    >
      {editing?.builtin && <Alert type="info" showIcon title={t('roles.builtinHint')} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={save} data-testid="role-form">
        {!editing && (
          <Form.Item
            name="code"
            label={t('roles.code')}
            extra={t('roles.codeHint')}
            rules={[
              { required: true, message: t('common.required', { field: t('roles.code') }) },
              { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('roles.codeHint') },
            ]}
          >
            <Input className="mono" maxLength={40} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('roles.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('roles.name') }) }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="description" label={t('roles.descriptionLabel')} rules={[{ max: 200 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={200} showCount />
        </Form.Item>
        <Form.Item name="grants" label={t('roles.grants')}>
          <GrantTable />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </FormDrawer>
  );
};
