import { useEffect } from 'react';
import { App, Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import type { TContact } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useCreateContact, useUpdateContact } from '../../api/customers';
import { FormDrawer } from '../../components/FormDrawer';
import { useApiError } from '../../app/useApiError';
import { contactCreatePayload, contactFormValuesOf, contactUpdatePayload, lunarDayName, lunarMonthName, maxDay, type ContactFormValues } from './contactModel';
import { useDictionary } from './useDictionary';
import { currentLocale } from '../../app/i18n';

export type ContactFormTarget = { mode: 'create' } | { mode: 'edit'; contact: TContact };

const NONE = 'none';
type Values = Omit<ContactFormValues, 'birthdayCalendar'> & { birthdayCalendar?: 'solar' | 'lunar' | typeof NONE };

/** The relationship card 关系卡片: who they are, how to reach them, their birthday (solar or lunar). */
export const ContactForm = ({ customerId, target, onClose }: { customerId: string; target: ContactFormTarget | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { options } = useDictionary();
  const create = useCreateContact();
  const update = useUpdateContact();
  const showError = useApiError();
  const { message } = App.useApp();
  const editing = target?.mode === 'edit' ? target.contact : null;
  const calendar = Form.useWatch('birthdayCalendar', form) ?? NONE;
  const month = Form.useWatch('birthMonth', form);
  const zh = currentLocale() !== 'en-US';

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const v = contactFormValuesOf(target.contact);
      form.setFieldsValue({ ...v, birthdayCalendar: v.birthdayCalendar ?? NONE });
    } else form.setFieldsValue({ birthdayCalendar: NONE, isPrimary: false });
  }, [target, form]);

  const save = (raw: Values) => {
    const v: ContactFormValues = { ...raw, birthdayCalendar: raw.birthdayCalendar === NONE ? null : raw.birthdayCalendar };
    const done = {
      onSuccess: () => {
        void message.success(editing ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (e: unknown) => showError(e, form, { onConflict: onClose }),
    };
    if (editing) {
      const body = contactUpdatePayload(editing, v);
      if (!Object.keys(body).length) return onClose();
      update.mutate({ customerId, id: editing.id, version: editing.version, ...body }, done);
    } else create.mutate({ customerId, ...contactCreatePayload(v) }, done);
  };

  const masked = (f: 'mobile' | 'landline' | 'address') =>
    editing?.masked.includes(f) ? { placeholder: t('customerForm.maskedKeep', { value: editing[f] }) } : {};
  const half = { xs: 24, sm: 12 };
  const lunar = calendar === 'lunar';
  const days = Array.from({ length: maxDay(lunar ? 'lunar' : 'solar', month) }, (_, i) => i + 1);

  return (
    <FormDrawer
      title={editing ? `${t('contacts.editTitle')} · ${editing.name}` : t('contacts.createTitle')}
      open={Boolean(target)}
      onClose={onClose}
      onSubmit={() => form.submit()}
      submitting={create.isPending || update.isPending}
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="contact-form" scrollToFirstError>
        <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
          {t('contacts.card')}
        </Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="name" label={t('contacts.name')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('contacts.name') }) }, { max: 50 }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="role" label={t('contacts.role')}>
              <Select allowClear options={options('contactRole')} showSearch={{ optionFilterProp: 'label' }} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="position" label={t('contacts.position')} rules={[{ max: 50 }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="employer" label={t('contacts.employer')} rules={[{ max: 100 }]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="gender" label={t('contacts.gender')}>
              <Radio.Group
                options={[
                  { value: 'male', label: t('contacts.genders.male') },
                  { value: 'female', label: t('contacts.genders.female') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="isPrimary" label={t('contacts.isPrimary')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('contacts.contactInfo')}
        </Divider>
        <Row gutter={16}>
          <Col {...half}>
            <Form.Item name="mobile" label={t('contacts.mobile')} rules={[{ max: 40 }]}>
              <Input inputMode="tel" maxLength={40} {...masked('mobile')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="landline" label={t('contacts.landline')} rules={[{ max: 40 }]}>
              <Input inputMode="tel" maxLength={40} {...masked('landline')} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="wechat" label={t('contacts.wechat')} rules={[{ max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col {...half}>
            <Form.Item name="email" label={t('contacts.email')} rules={[{ type: 'email', message: t('users.emailInvalid') }, { max: 200 }]}>
              <Input inputMode="email" maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="address" label={t('contacts.address')} rules={[{ max: 200 }]}>
              <Input maxLength={200} {...masked('address')} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('contacts.birthday')}
        </Divider>
        <Form.Item name="birthdayCalendar" label={t('contacts.calendar')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: NONE, label: t('contacts.noBirthday') },
              { value: 'solar', label: t('contacts.calendars.solar') },
              { value: 'lunar', label: t('contacts.calendars.lunar') },
            ]}
            onChange={() => form.setFieldsValue({ birthDay: undefined, birthLeapMonth: false })}
            data-testid="birthday-calendar"
          />
        </Form.Item>
        {calendar !== NONE && (
          <Row gutter={12}>
            <Col xs={12} sm={6}>
              <Form.Item name="birthMonth" label={t('contacts.birthMonth')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('contacts.birthMonth') }) }]}>
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: lunar && zh ? lunarMonthName(i + 1) : zh ? `${i + 1}月` : String(i + 1) }))}
                  data-testid="birth-month"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="birthDay" label={t('contacts.birthDay')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('contacts.birthDay') }) }]}>
                <Select showSearch={{ optionFilterProp: 'label' }} options={days.map((d) => ({ value: d, label: lunar && zh ? lunarDayName(d) : zh ? `${d}日` : String(d) }))} data-testid="birth-day" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item name="birthYear" label={t('contacts.birthYear')}>
                <InputNumber min={1900} max={2100} precision={0} style={{ width: '100%' }} placeholder={t('contacts.birthYearHint')} />
              </Form.Item>
            </Col>
            {lunar && (
              <Col xs={12} sm={6}>
                <Form.Item name="birthLeapMonth" label=" " valuePropName="checked">
                  <Checkbox>{t('contacts.leapMonth')}</Checkbox>
                </Form.Item>
              </Col>
            )}
          </Row>
        )}

        <Divider titlePlacement="start" plain>
          {t('contacts.personal')}
        </Divider>
        <Form.Item name="preferences" label={t('contacts.preferences')} rules={[{ max: 1000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} maxLength={1000} />
        </Form.Item>
        <Form.Item name="notes" label={t('contacts.notes')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <button type="submit" hidden />
      </Form>
    </FormDrawer>
  );
};
