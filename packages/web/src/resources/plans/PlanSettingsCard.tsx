import { useEffect } from 'react';
import { App, Button, Card, Flex, Form, InputNumber, Select } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TPlanSettings, TPlanSettingsBody } from '@liaison/shared';
import { api, isApiError } from '../../api/client';
import { usePlanSettings } from '../../api/plans';
import { useApiError } from '../../app/useApiError';

/**
 * 计划提交时间 (admins, `indicator.manage`): next month's plan by the end of a day of the month
 * before, each week's plan by a weekday and hour of that week (decision 061). The server names
 * a bad field; its message lands under the field. A save carries the version read (decision 066);
 * a stale one gets the shared reload prompt.
 */
export const PlanSettingsCard = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const qc = useQueryClient();
  const { data } = usePlanSettings();
  const [form] = Form.useForm<TPlanSettings>();
  const save = useMutation({ mutationFn: (body: TPlanSettingsBody) => api.put<TPlanSettings>('/plan-settings', body), onSuccess: () => qc.invalidateQueries({ queryKey: ['planSettings'] }) });
  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);
  const submit = async (values: TPlanSettings) => {
    if (!data) return;
    try {
      // The version read with the form: another administrator's save in between is a 409 (reload prompt).
      await save.mutateAsync({ monthDueDay: values.monthDueDay, weekDueWeekday: values.weekDueWeekday, weekDueHour: values.weekDueHour, version: data.version });
      void message.success(t('plans.actions.saved'));
    } catch (e) {
      if (isApiError(e) && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path as keyof TPlanSettings, errors: [f.message] })));
      else showError(e);
    }
  };
  const weekdays = (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d, i) => ({ value: i + 1, label: t(`plans.settings.weekdays.${d}`) }));
  return (
    <Card size="small" title={t('plans.settings.title')} data-testid="plan-settings">
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} disabled={!data}>
        <Flex gap={16} wrap align="start">
          <Form.Item name="monthDueDay" label={t('plans.settings.monthDueDay')} extra={t('plans.settings.monthDueDayHint')} rules={[{ required: true }]} style={{ minWidth: 160 }}>
            <InputNumber min={1} max={31} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="weekDueWeekday" label={t('plans.settings.weekDueWeekday')} rules={[{ required: true }]} style={{ minWidth: 140 }}>
            <Select options={weekdays} />
          </Form.Item>
          <Form.Item name="weekDueHour" label={t('plans.settings.weekDueHour')} rules={[{ required: true }]} style={{ minWidth: 120 }}>
            <InputNumber min={0} max={23} precision={0} addonAfter=":00" style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label=" " colon={false}>
            <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="save-plan-settings">
              {t('plans.actions.save')}
            </Button>
          </Form.Item>
        </Flex>
      </Form>
    </Card>
  );
};
