import { useEffect } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select, Skeleton, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { customerKinds, customerStages, defaultGrades, visitMethods, type TContactRule, type TContactSettings } from '@liaison/shared';
import { useContactRules, useSaveContactRules } from '../../api/visits';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { RunNote } from '../../components/RunNote';
import { formatDateTime } from '../../components/format';

type RuleRow = Omit<TContactRule, 'updatedAt' | 'id' | 'version' | 'isKey'> & { id?: string; version?: number; isKey: 'any' | 'key' | 'nonKey' };
type Values = { rules: RuleRow[]; settings: TContactSettings };

const toRow = ({ updatedAt: _u, isKey, ...r }: TContactRule): RuleRow => ({ ...r, isKey: isKey === null ? 'any' : isKey ? 'key' : 'nonKey' });

/** The contact-frequency rules 拜访频次: by grade, key flag, kind and stage; the first enabled match applies. */
export const ContactRulesPage = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const showError = useApiError();
  const editable = can('contactRule.manage');
  const { data, isPending, error, refetch } = useContactRules();
  const save = useSaveContactRules();
  const [form] = Form.useForm<Values>();
  useEffect(() => {
    if (data) form.setFieldsValue({ rules: data.rules.map(toRow), settings: data.settings });
  }, [data, form]);
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending || !data) return <Skeleton active />;

  const submit = async () => {
    const v = await form.validateFields();
    save.mutate(
      {
        settings: v.settings,
        rules: v.rules.map(({ isKey, grades, kinds, ...r }) => ({
          ...r,
          grades: grades?.length ? grades : null,
          kinds: kinds?.length ? kinds : null,
          isKey: isKey === 'any' ? null : isKey === 'key',
        })),
      },
      { onSuccess: () => void message.success(t('visits.rules.savedRecomputing')), onError: (e) => showError(e, form, { onConflict: () => void refetch() }) },
    );
  };

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('visits.rules.title')}
        description={t('visits.rules.subtitle')}
        extra={
          editable && (
            <Button type="primary" loading={save.isPending} onClick={() => void submit()} data-testid="save-rules">
              {t('visits.rules.save')}
            </Button>
          )
        }
      />
      {!editable && <Alert type="info" showIcon title={t('visits.rules.readOnly')} />}
      {/* Where the recompute of every due time after the last save stands (decision 081). */}
      <RunNote
        run={data.recompute}
        text={(r) =>
          r.status === 'running'
            ? t('visits.rules.recomputing', { startedAt: formatDateTime(r.startedAt) })
            : r.status === 'succeeded'
              ? t('visits.rules.recomputed', { count: r.customers ?? 0, finishedAt: formatDateTime(r.finishedAt ?? r.startedAt) })
              : t('visits.rules.recomputeFailed', { status: t(`jobs.statuses.${r.status}`) })
        }
      />
      <Form form={form} layout="vertical" disabled={!editable}>
        <Form.List name="rules">
          {(fields, { add, remove }) => (
            <Flex vertical gap={12}>
              {fields.map((f) => (
                <Card
                  key={f.key}
                  size="small"
                  title={
                    <Form.Item name={[f.name, 'name']} noStyle rules={[{ required: true, whitespace: true, max: 60 }]}>
                      <Input variant="borderless" style={{ fontWeight: 600, paddingInline: 0 }} placeholder={t('visits.rules.name')} />
                    </Form.Item>
                  }
                  extra={
                    editable && (
                      <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('visits.rules.remove')} />
                    )
                  }
                >
                  <Row gutter={12}>
                    <Col xs={12} md={4}>
                      <Form.Item name={[f.name, 'sortOrder']} label={t('visits.rules.order')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={10000} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[f.name, 'enabled']} label={t('visits.rules.enabled')} valuePropName="checked">
                        <Switch />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[f.name, 'onsitePerMonth']} label={t('visits.rules.onsitePerMonth')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={31} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[f.name, 'phonePerWeek']} label={t('visits.rules.phonePerWeek')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={7} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'stages']} label={t('visits.rules.stages')} rules={[{ required: true, type: 'array', min: 1 }]}>
                        <Select mode="multiple" options={customerStages.map((s) => ({ value: s, label: t(`customers.stages.${s}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'grades']} label={t('visits.rules.grades')}>
                        <Select mode="tags" placeholder={t('visits.rules.any')} options={defaultGrades.map((g) => ({ value: g, label: g }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'isKey']} label={t('visits.rules.isKey')}>
                        <Select options={(['any', 'key', 'nonKey'] as const).map((k) => ({ value: k, label: t(`visits.rules.${k === 'key' ? 'keyOnly' : k === 'nonKey' ? 'nonKey' : 'any'}`) }))} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={8}>
                      <Form.Item name={[f.name, 'kinds']} label={t('visits.rules.kinds')}>
                        <Select mode="multiple" placeholder={t('visits.rules.any')} options={customerKinds.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              {editable && (
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '', sortOrder: (fields.length + 1) * 10, enabled: true, grades: [], isKey: 'any', kinds: [], stages: ['won', 'maintained'], onsitePerMonth: 1, phonePerWeek: 1 })}
                >
                  {t('visits.rules.add')}
                </Button>
              )}
            </Flex>
          )}
        </Form.List>
        <Card size="small" style={{ marginTop: 16 }}>
          <Row gutter={12}>
            <Col xs={24} md={12}>
              <Form.Item name={['settings', 'phoneMethods']} label={t('visits.rules.phoneMethods')} rules={[{ required: true, type: 'array', min: 1 }]}>
                <Select mode="multiple" options={visitMethods.map((m) => ({ value: m, label: t(`visits.method.${m}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['settings', 'checkInMaxDistanceM']} label={t('visits.rules.checkInDistance')} rules={[{ required: true }]}>
                <InputNumber min={50} max={50000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name={['settings', 'checkInMaxAccuracyM']} label={t('visits.rules.checkInAccuracy')} rules={[{ required: true }]}>
                <InputNumber min={10} max={5000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
      </Form>
    </Flex>
  );
};
