import { useEffect, useMemo } from 'react';
import { App, Form, Input, InputNumber, Select } from 'antd';
import { orgUnitKinds, type TOrgUnit } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useCreateOrgUnit, useOrgUnits, useUpdateOrgUnit, type OrgUnitKind } from '../../api/orgUnits';
import { FormDrawer } from '../../components/FormDrawer';
import { useApiError } from '../../app/useApiError';
import { OrgUnitTreeSelect } from './OrgUnitTreeSelect';
import { subtreeIds } from './orgUnitModel';

export type OrgUnitFormMode = { mode: 'create'; parent: TOrgUnit } | { mode: 'edit'; unit: TOrgUnit };

type Values = { parentId: string; name: string; code: string; kind: OrgUnitKind; sortOrder?: number | null };

const childKind = (parent: OrgUnitKind): OrgUnitKind => {
  const i = orgUnitKinds.indexOf(parent);
  return orgUnitKinds[Math.min(i + 1, orgUnitKinds.length - 1)]!;
};

export const OrgUnitForm = ({ target, onClose, onSaved }: { target: OrgUnitFormMode | null; onClose: () => void; onSaved: (u: TOrgUnit) => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { data: units = [] } = useOrgUnits();
  const create = useCreateOrgUnit();
  const update = useUpdateOrgUnit();
  const showError = useApiError();
  const { message } = App.useApp();
  const editing = target?.mode === 'edit' ? target.unit : null;

  // A unit cannot move under itself or its descendants.
  const blocked = useMemo(() => (editing ? subtreeIds(units, editing.id) : new Set<string>()), [editing, units]);

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    form.setFieldsValue(
      target.mode === 'edit'
        ? { parentId: target.unit.parentId ?? undefined, name: target.unit.name, code: target.unit.code, kind: target.unit.kind, sortOrder: target.unit.sortOrder }
        : { parentId: target.parent.id, kind: childKind(target.parent.kind), sortOrder: 0 },
    );
  }, [target, form]);

  const save = (v: Values) => {
    const body = { ...v, sortOrder: v.sortOrder ?? 0 };
    const done = {
      onSuccess: (u: TOrgUnit) => {
        void message.success(t('common.saved'));
        onSaved(u);
      },
      onError: (e: unknown) => showError(e, form, { onConflict: onClose }),
    };
    if (editing) {
      const { parentId, ...rest } = body;
      update.mutate({ id: editing.id, version: editing.version, ...rest, ...(editing.parentId ? { parentId } : {}) }, done);
    } else create.mutate(body, done);
  };

  return (
    <FormDrawer
      title={editing ? t('orgUnits.editTitle') : t('orgUnits.createTitle')}
      open={Boolean(target)}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitting={create.isPending || update.isPending}
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="org-unit-form">
        {(!editing || editing.parentId) && (
          <Form.Item name="parentId" label={t('orgUnits.parent')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('orgUnits.parent') }) }]}>
            <OrgUnitTreeSelect disabledIds={blocked} />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('orgUnits.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('orgUnits.name') }) }, { max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('orgUnits.code')}
          extra={t('orgUnits.codeHint')}
          rules={[
            { required: true, message: t('common.required', { field: t('orgUnits.code') }) },
            { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('orgUnits.codeHint') },
          ]}
        >
          <Input maxLength={40} className="mono" />
        </Form.Item>
        <Form.Item name="kind" label={t('orgUnits.kind')} rules={[{ required: true }]}>
          <Select options={orgUnitKinds.map((k) => ({ value: k, label: t(`orgUnits.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="sortOrder" label={t('orgUnits.sortOrder')} extra={t('orgUnits.sortOrderHint')}>
          <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </FormDrawer>
  );
};
