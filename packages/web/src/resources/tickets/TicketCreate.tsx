import { useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Form, Input, Radio, Select, Typography, Upload, type UploadFile } from 'antd';
import { ArrowLeftOutlined, CameraOutlined } from '@ant-design/icons';
import { ticketChannels, ticketKinds, ticketSeverities, type TCreateTicketBody, type TTicketChannel, type TTicketKind, type TTicketSeverity } from '@liaison/shared';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, isApiError } from '../../api/client';
import { useCreateTicket, useSla, useUploadTicketPhoto } from '../../api/tickets';
import { useApiError } from '../../app/useApiError';
import { PageHeader } from '../../components/PageHeader';
import { newIdempotencyKey } from './ticketModel';

type Values = { customerId: string; contactId?: string; kind: TTicketKind; severity: TTicketSeverity; channel: TTicketChannel; title: string; description: string };
type CustomerOption = { id: string; name: string; ownerName: string | null };

/** Customers the caller may open a ticket for, searched by name or pinyin as they type. */
const useCustomerOptions = (q: string, id: string | undefined) =>
  useQuery({
    queryKey: ['tickets', 'customerOptions', q, id],
    queryFn: () => api.get<{ data: CustomerOption[] }>('/tickets/customers', { q: q || undefined, id }).then((r) => r.data),
  });

/** The new-ticket form: one column, thumb-sized controls, so a manager can record it during a visit at 375 px. */
export const TicketCreate = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const showError = useApiError();
  const create = useCreateTicket();
  const uploadPhoto = useUploadTicketPhoto();
  const sla = useSla();
  // One key per filled-in form: a double tap or a retried request opens one ticket.
  const [key] = useState(newIdempotencyKey);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const presetCustomer = params.get('customerId') ?? undefined;
  const visitId = params.get('visitId') ?? undefined;
  const customerId = Form.useWatch('customerId', form);
  const kind = Form.useWatch('kind', form);
  const severity = Form.useWatch('severity', form);
  useEffect(() => {
    const id = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(id);
  }, [text]);
  const customers = useCustomerOptions(q, q ? undefined : presetCustomer);
  const contacts = useQuery({
    queryKey: ['tickets', 'contacts', customerId],
    queryFn: () => api.get<{ data: { id: string; name: string; role: string | null }[] }>(`/customers/${customerId}/contacts`).then((r) => r.data),
    enabled: Boolean(customerId),
    retry: false,
  });
  const policy = useMemo(() => sla.data?.data.find((p) => p.kind === kind && p.severity === severity), [sla.data, kind, severity]);

  const submit = async (v: Values) => {
    const body: TCreateTicketBody = { ...v, contactId: v.contactId ?? null, ...(visitId ? { visitId } : {}) };
    try {
      const ticket = await create.mutateAsync({ ...body, key });
      for (const f of files) {
        if (!f.originFileObj) continue;
        try {
          await uploadPhoto.mutateAsync({ id: ticket.id, file: f.originFileObj });
        } catch (err) {
          void message.warning(t('tickets.form.photoFailed', { name: f.name, message: isApiError(err) ? err.message : String(err) }));
        }
      }
      void message.success(t('tickets.form.created', { number: ticket.number }));
      void navigate(`/tickets/${ticket.id}`);
    } catch (err) {
      showError(err, form);
    }
  };

  return (
    <div className="ticket-create">
      <Link to="/tickets" className="back-link">
        <ArrowLeftOutlined /> {t('tickets.detail.back')}
      </Link>
      <PageHeader title={t('tickets.form.heading')} description={t('tickets.form.subtitle')} />
      <Card>
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark
          onFinish={(v) => void submit(v)}
          initialValues={{ kind: 'complaint', severity: 'general', channel: visitId ? 'visit' : 'phone', customerId: presetCustomer }}
          data-testid="ticket-form"
          style={{ maxWidth: 720 }}
        >
          <Form.Item name="customerId" label={t('tickets.form.customer')} rules={[{ required: true }]}>
            <Select
              showSearch={{ filterOption: false, onSearch: setText }}
              placeholder={t('tickets.form.customerPlaceholder')}
              loading={customers.isFetching}
              options={(customers.data ?? []).map((c) => ({ value: c.id, label: c.name, owner: c.ownerName }))}
              optionRender={(o) => (
                <span>
                  {o.label}
                  {o.data.owner ? <Typography.Text type="secondary"> · {String(o.data.owner)}</Typography.Text> : null}
                </span>
              )}
              onChange={() => form.setFieldValue('contactId', undefined)}
              data-testid="ticket-customer"
            />
          </Form.Item>
          <Form.Item name="contactId" label={t('tickets.form.contact')}>
            <Select
              allowClear
              placeholder={t('tickets.form.contactPlaceholder')}
              disabled={!customerId}
              options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              data-testid="ticket-contact"
            />
          </Form.Item>
          <Form.Item name="kind" label={t('tickets.form.kind')} rules={[{ required: true }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={ticketKinds.map((k) => ({ value: k, label: t(`tickets.kinds.${k}`) }))} className="ticket-radios" />
          </Form.Item>
          <Form.Item name="severity" label={t('tickets.form.severity')} rules={[{ required: true }]} extra={policy && t('tickets.form.expect', {
            response: t(`tickets.units.${policy.responseUnit}`, { amount: policy.responseAmount }),
            resolution: t(`tickets.units.${policy.resolveUnit}`, { amount: policy.resolveAmount }),
          })}>
            <Radio.Group optionType="button" options={ticketSeverities.map((k) => ({ value: k, label: t(`tickets.severities.${k}`) }))} className="ticket-radios" />
          </Form.Item>
          <Form.Item name="channel" label={t('tickets.form.channel')} rules={[{ required: true }]}>
            <Select options={ticketChannels.map((k) => ({ value: k, label: t(`tickets.channels.${k}`) }))} data-testid="ticket-channel" />
          </Form.Item>
          <Form.Item name="title" label={t('tickets.form.title')} rules={[{ required: true, whitespace: true }, { max: 100 }]}>
            <Input placeholder={t('tickets.form.titlePlaceholder')} maxLength={100} data-testid="ticket-title" />
          </Form.Item>
          <Form.Item name="description" label={t('tickets.form.description')} rules={[{ required: true, whitespace: true }, { max: 4000 }]}>
            <Input.TextArea rows={4} placeholder={t('tickets.form.descriptionPlaceholder')} maxLength={4000} showCount data-testid="ticket-description" />
          </Form.Item>
          <Form.Item label={t('tickets.form.photos')}>
            <Upload
              listType="picture-card"
              accept="image/jpeg,image/png,image/webp"
              multiple
              fileList={files}
              beforeUpload={() => false}
              onChange={({ fileList }) => setFiles(fileList.slice(0, 20))}
            >
              <CameraOutlined style={{ fontSize: 20 }} />
            </Upload>
          </Form.Item>
          <Button type="primary" htmlType="submit" block size="large" loading={create.isPending || uploadPhoto.isPending} data-testid="ticket-submit">
            {t('tickets.form.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
};
