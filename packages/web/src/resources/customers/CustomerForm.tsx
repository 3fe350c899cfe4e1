import { useEffect } from 'react';
import { App, Button, Col, Divider, Flex, Form, Input, InputNumber, Radio, Row, Select, Switch, Typography } from 'antd';
import { customerKinds, type TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../api/client';
import { useCreateCustomer, useRegions, useUpdateCustomer } from '../../api/customers';
import { FormDrawer } from '../../components/FormDrawer';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { tKey } from '../../app/i18n';
import { UserSelect } from '../users/UserSelect';
import { RegionCascader } from './RegionCascader';
import {
  createPayload,
  duplicateLink,
  duplicateMatches,
  formValuesOf,
  identityFields,
  updatePayload,
  type CustomerFormValues,
  type DuplicateMatch,
} from './customerModel';
import { useDictionary } from './useDictionary';

export type CustomerFormTarget = { mode: 'create' } | { mode: 'edit'; customer: TCustomer };

type Values = CustomerFormValues & { ownerId?: string };

/** New and edit customer: fields follow the kind; duplicates are confirmed or pointed to. */
export const CustomerForm = ({ target, onClose }: { target: CustomerFormTarget | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const { me, can } = useSession();
  const { options } = useDictionary();
  const { data: regions } = useRegions();
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const showError = useApiError();
  const { message, modal } = App.useApp();
  const editing = target?.mode === 'edit' ? target.customer : null;
  const kind = Form.useWatch('kind', form) ?? editing?.kind ?? 'enterprise';
  const fields = new Set(identityFields(kind));

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') form.setFieldsValue(formValuesOf(target.customer, regions ?? []));
    else form.setFieldsValue({ kind: 'enterprise', isKey: false, tags: [], ownerId: me.id });
    // Regions arrive once and are cached for the session; the edit form fills again if they came late.
  }, [target, form, regions, me.id]);

  const done = (c: TCustomer) => {
    void message.success(editing ? t('common.saved') : t('common.created'));
    onClose();
    if (!editing) void navigate(`/customers/${c.id}`);
  };

  const matchList = (matches: DuplicateMatch[], destroy: () => void) => (
    <Flex vertical gap={8} style={{ marginTop: 8 }} data-testid="duplicate-matches">
      {matches.map((m, i) => {
        const link = duplicateLink(m);
        return (
          <Flex key={i} justify="space-between" align="center" gap={8} className="duplicate-match">
            <Flex vertical style={{ minWidth: 0 }}>
              <Typography.Text strong>{m.name ?? t('duplicate.hidden')}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {tKey(t, `duplicate.reasons.${m.reason}`, m.reason)} · {t(`duplicate.locations.${m.location}`)}
              </Typography.Text>
            </Flex>
            {link && (
              <Button
                size="small"
                type="link"
                onClick={() => {
                  destroy();
                  onClose();
                  void navigate(link);
                }}
              >
                {m.location === 'pool' ? t('duplicate.openPool') : t('duplicate.openCustomer')}
              </Button>
            )}
          </Flex>
        );
      })}
    </Flex>
  );

  const submit = (v: Values, confirmDuplicates = false) => {
    const onError = (e: unknown) => {
      if (isApiError(e) && e.code === 'possible_duplicate') {
        const matches = duplicateMatches(e.detail);
        const m = modal.confirm({
          title: t('duplicate.possibleTitle'),
          width: 480,
          content: (
            <>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{t('duplicate.possibleIntro')}</Typography.Paragraph>
              {matchList(matches, () => m.destroy())}
            </>
          ),
          okText: t('duplicate.confirm'),
          onOk: () => submit(v, true),
        });
        return;
      }
      if (isApiError(e) && e.code === 'duplicate_customer') {
        showError(e, form);
        const matches = duplicateMatches(e.detail);
        const m = modal.warning({
          title: t('duplicate.hardTitle'),
          width: 480,
          content: (
            <>
              <Typography.Paragraph style={{ marginBottom: 4 }}>{t('duplicate.hardIntro')}</Typography.Paragraph>
              {matchList(matches, () => m.destroy())}
            </>
          ),
        });
        return;
      }
      showError(e, form, { onConflict: onClose });
    };
    if (editing) {
      const body = updatePayload(editing, v);
      if (!Object.keys(body).length) {
        onClose();
        return;
      }
      update.mutate({ id: editing.id, version: editing.version, ...body, ...(confirmDuplicates ? { confirmDuplicates } : {}) }, { onSuccess: done, onError });
    } else {
      const body = createPayload(v);
      const ownerId = can('customer.assign') && v.ownerId && v.ownerId !== me.id ? v.ownerId : undefined;
      create.mutate({ ...body, ...(ownerId ? { ownerId } : {}), ...(confirmDuplicates ? { confirmDuplicates } : {}) }, { onSuccess: done, onError });
    }
  };

  const masked = (field: 'phone' | 'idNumber' | 'address') =>
    editing?.masked.includes(field) ? { placeholder: t('customerForm.maskedKeep', { value: editing[field] }) } : {};
  const half = { xs: 24, sm: 12 };
  const dict = (code: string) => <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={options(code)} />;
  const creditLocked = Boolean(editing?.creditCode);

  return (
    <FormDrawer
      title={editing ? `${t('customers.editTitle')} · ${editing.name}` : t('customers.createTitle')}
      open={Boolean(target)}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitting={create.isPending || update.isPending}
      width={720}
    >
      <Form form={form} layout="vertical" onFinish={(v) => submit(v)} data-testid="customer-form" scrollToFirstError requiredMark>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('customerForm.basics')}
        </Divider>
        <Form.Item name="kind" label={t('customers.kind')} extra={editing ? t('customerForm.kindLocked') : undefined}>
          <Radio.Group
            disabled={Boolean(editing)}
            optionType="button"
            buttonStyle="solid"
            options={customerKinds.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('customers.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('customers.name') }) }, { max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="shortName" label={t('fields.shortName')} rules={[{ max: 50 }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          {fields.has('licenceNo') && (
            <Col {...half}>
              <Form.Item name="licenceNo" label={t('fields.licenceNo')} rules={[{ required: true, whitespace: true, message: t('customerForm.licenceRequired') }, { max: 40 }]}>
                <Input maxLength={40} className="mono" />
              </Form.Item>
            </Col>
          )}
          {fields.has('creditCode') && (
            <Col {...half}>
              <Form.Item
                name="creditCode"
                label={t('fields.creditCode')}
                extra={creditLocked ? t('customerForm.creditCodeLocked') : t('customerForm.creditCodeHint')}
                rules={[{ max: 40 }]}
              >
                <Input maxLength={40} className="mono" disabled={creditLocked} style={{ textTransform: 'uppercase' }} />
              </Form.Item>
            </Col>
          )}
          {fields.has('idNumber') && (
            <Col {...half}>
              <Form.Item name="idNumber" label={t('fields.idNumber')} extra={editing?.masked.includes('idNumber') ? undefined : t('customerForm.idNumberHint')} rules={[{ max: 40 }]}>
                <Input maxLength={40} className="mono" {...masked('idNumber')} />
              </Form.Item>
            </Col>
          )}
          {fields.has('legalPerson') && (
            <Col {...half}>
              <Form.Item name="legalPerson" label={t('fields.legalPerson')} rules={[{ max: 50 }]}>
                <Input maxLength={50} />
              </Form.Item>
            </Col>
          )}
          {!editing && can('customer.assign') && (
            <Col {...half}>
              <Form.Item name="ownerId" label={t('customers.owner')}>
                <UserSelect />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start" plain>
          {t('customerForm.address')}
        </Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="phone" label={t('customers.phone')} extra={editing?.masked.includes('phone') ? undefined : t('customerForm.phoneHint')} rules={[{ max: 40 }]}>
              <Input inputMode="tel" maxLength={40} {...masked('phone')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="regionCode" label={t('fields.regionCode')}>
              <RegionCascader allowClear style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('fields.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} {...masked('address')} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('customerForm.classification')}
        </Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="businessFormat" label={t('fields.businessFormat')}>
              {dict('businessFormat')}
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="marketType" label={t('fields.marketType')}>
              {dict('marketType')}
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="industry" label={t('fields.industry')}>
              {dict('industry')}
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="ownership" label={t('fields.ownership')}>
              {dict('ownership')}
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="scale" label={t('fields.scale')}>
              {dict('scale')}
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="source" label={t('fields.source')}>
              {dict('source')}
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="tags" label={t('fields.tags')}>
              <Select mode="tags" options={options('customerTag')} placeholder={t('customerForm.tagsPlaceholder')} maxCount={30} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('customerForm.business')}
        </Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="isKey" label={t('customers.keyCustomer')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="potentialScore" label={t('customerForm.potentialScore')} extra={t('customerForm.potentialScoreHint')}>
              <InputNumber min={0} max={100} precision={0} style={{ width: isMobile ? '100%' : 160 }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="needs" label={t('fields.needs')} rules={[{ max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="purchaseChannel" label={t('customerForm.purchaseChannel')} rules={[{ max: 500 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="salesChannel" label={t('customerForm.salesChannel')} rules={[{ max: 500 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="remark" label={t('fields.remark')} rules={[{ max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
            </Form.Item>
          </Col>
        </Row>
        <button type="submit" hidden />
      </Form>
    </FormDrawer>
  );
};
