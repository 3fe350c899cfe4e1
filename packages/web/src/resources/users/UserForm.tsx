import { useEffect } from 'react';
import { App, Button, Divider, Form, Input, Select, Space, Switch, Typography } from 'antd';
import { locales, type TUser } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useCreateUser, useUpdateUser, type UserInput } from '../../api/users';
import { useRoles } from '../../api/roles';
import { FormDrawer } from '../../components/FormDrawer';
import { useApiError } from '../../app/useApiError';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';
import { RoleSelect } from './RoleSelect';
import { MIN_PASSWORD_LENGTH, generatePassword, hasManagerRole } from './userModel';

export type UserFormTarget = { mode: 'create'; orgUnitId?: string } | { mode: 'edit'; user: TUser };

type Values = UserInput & { username?: string; password?: string; active?: boolean };

const emptyToNull = (v: string | null | undefined) => (v && v.trim() ? v.trim() : null);

export const UserForm = ({ target, onClose }: { target: UserFormTarget | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const { data: roles = [] } = useRoles();
  const showError = useApiError();
  const { message } = App.useApp();
  const editing = target?.mode === 'edit' ? target.user : null;
  const roleIds = Form.useWatch('roleIds', form);
  const password = Form.useWatch('password', form);
  const isManager = hasManagerRole(roleIds, roles);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const u = target.user;
      form.setFieldsValue({
        displayName: u.displayName,
        orgUnitId: u.orgUnitId,
        roleIds: u.roles.map((r) => r.id),
        grade: u.grade,
        email: u.email,
        phone: u.phone,
        locale: u.locale,
        active: u.status === 'active',
      });
    } else form.setFieldsValue({ orgUnitId: target.orgUnitId, locale: 'zh-CN', roleIds: [] });
  }, [target, form]);

  const save = (v: Values) => {
    const common = {
      displayName: v.displayName,
      orgUnitId: v.orgUnitId,
      roleIds: v.roleIds,
      grade: isManager ? (v.grade ?? null) : null,
      email: emptyToNull(v.email),
      phone: emptyToNull(v.phone),
      locale: v.locale,
    };
    const done = {
      onSuccess: () => {
        void message.success(editing ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (e: unknown) => showError(e, form, { onConflict: onClose }),
    };
    if (editing) update.mutate({ id: editing.id, version: editing.version, ...common, status: v.active ? 'active' : 'disabled' }, done);
    else create.mutate({ ...common, username: v.username!.trim(), password: v.password! }, done);
  };

  const required = (field: string) => ({ required: true, message: t('common.required', { field }) });

  return (
    <FormDrawer
      title={editing ? `${t('users.editTitle')} · ${editing.displayName}` : t('users.createTitle')}
      open={Boolean(target)}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitting={create.isPending || update.isPending}
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="user-form" scrollToFirstError>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('users.basics')}
        </Divider>
        {!editing && (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameHint')}
            rules={[required(t('users.username')), { pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('users.usernameHint') }]}
          >
            <Input autoComplete="off" maxLength={32} className="mono" />
          </Form.Item>
        )}
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ ...required(t('users.displayName')), whitespace: true }, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        {!editing && (
          <Form.Item label={t('users.password')} extra={t('users.passwordHint')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="password" noStyle rules={[required(t('users.password')), { min: MIN_PASSWORD_LENGTH, message: t('password.tooShort') }]}>
                <Input.Password
                  autoComplete="new-password"
                  suffix={password ? <Typography.Text copyable={{ text: password, tooltips: [t('common.copy'), t('common.copied')] }} /> : <span />}
                />
              </Form.Item>
              <Button onClick={() => form.setFieldsValue({ password: generatePassword() })}>{t('password.generate')}</Button>
            </Space.Compact>
          </Form.Item>
        )}
        {editing && (
          <Form.Item name="active" label={t('users.status')} valuePropName="checked">
            <Switch checkedChildren={t('users.statuses.active')} unCheckedChildren={t('users.statuses.disabled')} />
          </Form.Item>
        )}

        <Divider titlePlacement="start" plain>
          {t('users.access')}
        </Divider>
        <Form.Item name="orgUnitId" label={t('users.orgUnit')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('users.orgUnit') }) }]}>
          <OrgUnitTreeSelect />
        </Form.Item>
        <Form.Item name="roleIds" label={t('users.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('common.requiredSelect', { field: t('users.roles') }) }]}>
          <RoleSelect mode="multiple" />
        </Form.Item>
        {isManager && (
          <Form.Item name="grade" label={t('users.grade')} extra={t('users.gradeHint')}>
            <Select
              allowClear
              options={(['junior', 'middle', 'senior'] as const).map((g) => ({ value: g, label: t(`grade.${g}`) }))}
            />
          </Form.Item>
        )}

        <Divider titlePlacement="start" plain>
          {t('users.contact')}
        </Divider>
        <Form.Item name="phone" label={t('users.phone')} rules={[{ pattern: /^1[3-9]\d{9}$/, message: t('users.phoneInvalid') }]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item name="email" label={t('users.email')} rules={[{ type: 'email', message: t('users.emailInvalid') }]}>
          <Input inputMode="email" maxLength={200} />
        </Form.Item>
        <Form.Item name="locale" label={t('users.locale')}>
          <Select options={locales.map((l) => ({ value: l, label: t(`lang.${l}`) }))} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </FormDrawer>
  );
};
