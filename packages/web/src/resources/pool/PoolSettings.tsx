import { useEffect } from 'react';
import { App, Col, Divider, Form, InputNumber, Modal, Row, Switch } from 'antd';
import type { TReclaimRules } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSavePoolRules, useUpdatePool, type PoolLimits, type TPool } from '../../api/pool';
import { useApiError } from '../../app/useApiError';
import { filledDays } from './poolModel';

export const PoolLimitsModal = ({ pool, onClose }: { pool: TPool | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<PoolLimits>();
  const update = useUpdatePool();
  const showError = useApiError();
  const { message } = App.useApp();
  useEffect(() => {
    if (pool) form.setFieldsValue({ maxHeld: pool.maxHeld, maxClaimsPerDay: pool.maxClaimsPerDay, reclaimCooldownDays: pool.reclaimCooldownDays });
  }, [pool, form]);
  return (
    <Modal
      open={Boolean(pool)}
      title={pool ? t('pool.limitsTitle', { name: pool.name }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        data-testid="pool-limits-form"
        onFinish={(v) =>
          update.mutate(
            { id: pool!.id, version: pool!.version, ...v },
            {
              onSuccess: () => {
                void message.success(t('common.saved'));
                onClose();
              },
              onError: (e) => showError(e, form, { onConflict: onClose }),
            },
          )
        }
      >
        <Form.Item name="maxHeld" label={t('pool.maxHeld')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} precision={0} suffix={t('pool.customersUnit')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="maxClaimsPerDay" label={t('pool.maxClaimsPerDay')} rules={[{ required: true }]}>
          <InputNumber min={0} max={10000} precision={0} suffix={t('pool.customersUnit')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="reclaimCooldownDays" label={t('pool.reclaimCooldownDays')} rules={[{ required: true }]} style={{ marginBottom: 0 }}>
          <InputNumber min={0} max={3650} precision={0} suffix={t('pool.daysUnit')} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

type RulesValues = Omit<TReclaimRules, 'daysByGrade'> & { daysByGrade: Record<string, number> };

export const ReclaimRulesModal = ({ open, rules, grades, onClose }: { open: boolean; rules: TReclaimRules | undefined; grades: string[]; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<RulesValues>();
  const save = useSavePoolRules();
  const showError = useApiError();
  const { message } = App.useApp();
  const days = filledDays(grades, rules);
  useEffect(() => {
    if (open && rules) form.setFieldsValue({ ...rules, daysByGrade: filledDays(grades, rules) });
  }, [open, rules, grades, form]);
  return (
    <Modal open={open} title={t('pool.rulesTitle')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden width={560}>
      <Form
        form={form}
        layout="vertical"
        data-testid="reclaim-rules-form"
        onFinish={(v) =>
          save.mutate(v, {
            onSuccess: () => {
              void message.success(t('pool.rulesSaved'));
              onClose();
            },
            onError: (e) => showError(e, form),
          })
        }
      >
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('pool.daysByGrade')}
        </Divider>
        <Row gutter={12}>
          {Object.keys(days).map((g) => (
            <Col key={g} xs={12} sm={8}>
              <Form.Item name={['daysByGrade', g]} label={g === 'default' ? t('pool.ungraded') : t('pool.gradeLabel', { grade: g })} rules={[{ required: true }]}>
                <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="warnDays" label={t('pool.warnDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="dormantDays" label={t('pool.dormantDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="lostDays" label={t('pool.lostDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={3650} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="exemptKey" valuePropName="checked" label={t('pool.exemptKey')} layout="horizontal" style={{ marginBottom: 8 }}>
          <Switch />
        </Form.Item>
        <Form.Item name="exemptLocked" valuePropName="checked" label={t('pool.exemptLocked')} layout="horizontal" style={{ marginBottom: 0 }}>
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
};
