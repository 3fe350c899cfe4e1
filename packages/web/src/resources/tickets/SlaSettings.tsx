import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Flex, Form, Input, InputNumber, List, Modal, Radio, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { slaUnitValues, ticketWaitReasons, type TSlaPolicy, type TWorkCalendarYear } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { shanghaiTime } from './ticketModel';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { useCreateException, useCreateImport, useDecideImport, useDeleteException, useSla, useUpdateSlaPolicy, useUpdateSlaSettings, useWorkCalendar } from '../../api/tickets';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';

const PolicyModal = ({ policy, onClose }: { policy: TSlaPolicy | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const update = useUpdateSlaPolicy();
  const showError = useApiError();
  useEffect(() => {
    if (policy) form.setFieldsValue(policy);
  }, [policy, form]);
  if (!policy) return null;
  const units = slaUnitValues.map((u) => ({ value: u, label: t(`tickets.units.${u}`, { amount: '' }).trim() }));
  return (
    <Modal
      open
      title={t('tickets.sla.editPolicy', { kind: t(`tickets.kinds.${policy.kind}`), severity: t(`tickets.severities.${policy.severity}`) })}
      onCancel={onClose}
      confirmLoading={update.isPending}
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await update.mutateAsync({ id: policy.id, version: policy.version, ...v });
          void message.success(t('tickets.sla.saved'));
          onClose();
        } catch (err) {
          showError(err, form, { onConflict: onClose });
        }
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Space.Compact block>
          <Form.Item name="responseAmount" label={t('tickets.sla.response')} rules={[{ required: true }]} style={{ width: '40%' }}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="responseUnit" label=" " style={{ width: '60%' }}>
            <Select options={units} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="resolveAmount" label={t('tickets.sla.resolution')} rules={[{ required: true }]} style={{ width: '40%' }}>
            <InputNumber min={1} max={10000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="resolveUnit" label=" " style={{ width: '60%' }}>
            <Select options={units} />
          </Form.Item>
        </Space.Compact>
        <Flex gap={16}>
          <Form.Item name="warnPercent" label={`${t('tickets.sla.warn')} %`} rules={[{ required: true }]}>
            <InputNumber min={1} max={99} precision={0} />
          </Form.Item>
          <Form.Item name="escalateEveryHours" label={t('tickets.sla.escalate')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000} precision={0} addonAfter="h" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
};

const Policies = () => {
  const { t } = useTranslation();
  const { data, error, refetch, isPending } = useSla();
  const update = useUpdateSlaSettings();
  const showError = useApiError();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<TSlaPolicy | null>(null);
  const [form] = Form.useForm();
  useEffect(() => {
    if (data) form.setFieldsValue(data.settings);
  }, [data, form]);
  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;
  const unit = (amount: number, u: string) => t(`tickets.units.${u as 'workingHours'}`, { amount });
  return (
    <Flex vertical gap={16}>
      <Card size="small" title={t('tickets.sla.settings')}>
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            try {
              await update.mutateAsync({ version: data!.settings.version, ...v });
              void message.success(t('tickets.sla.saved'));
            } catch (err) {
              showError(err, form);
            }
          }}
          data-testid="sla-settings"
        >
          <Flex gap={16} wrap>
            <Form.Item name="workingHours" label={t('tickets.sla.workingHours')} extra={t('tickets.sla.workingHoursHint')} rules={[{ required: true }]} style={{ minWidth: 260, flex: '1 1 260px' }}>
              <Input data-testid="working-hours" />
            </Form.Item>
            <Form.Item name="reopenDays" label={t('tickets.sla.reopenDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={365} precision={0} />
            </Form.Item>
          </Flex>
          <Form.Item name="pauseReasons" label={t('tickets.sla.pauseReasons')}>
            <Checkbox.Group options={ticketWaitReasons.map((r) => ({ value: r, label: t(`tickets.waitReasons.${r}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={t('tickets.sla.policies')}>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('tickets.sla.policiesHint')}
        </Typography.Paragraph>
        <Table<TSlaPolicy>
          rowKey="id"
          size="small"
          loading={isPending}
          dataSource={data?.data}
          pagination={false}
          scroll={{ x: 760 }}
          data-testid="sla-policies"
          columns={[
            { title: t('tickets.columns.kind'), render: (_, p) => t(`tickets.kinds.${p.kind}`), width: 90 },
            { title: t('tickets.columns.severity'), render: (_, p) => t(`tickets.severities.${p.severity}`), width: 80 },
            { title: t('tickets.sla.response'), render: (_, p) => unit(p.responseAmount, p.responseUnit) },
            { title: t('tickets.sla.resolution'), render: (_, p) => unit(p.resolveAmount, p.resolveUnit) },
            { title: t('tickets.sla.warn'), render: (_, p) => `${p.warnPercent}%`, width: 70 },
            { title: t('tickets.sla.escalate'), render: (_, p) => t('tickets.sla.escalateValue', { hours: p.escalateEveryHours }), width: 110 },
            { title: '', width: 56, render: (_, p) => <Button size="small" type="text" icon={<EditOutlined />} onClick={() => setEditing(p)} aria-label={t('common.edit')} /> },
          ]}
        />
      </Card>
      <PolicyModal policy={editing} onClose={() => setEditing(null)} />
    </Flex>
  );
};

const dayColor: Record<string, string | undefined> = { holiday: '#ff4d4f', makeupWorkday: '#1f5fc4', localDayOff: '#fa8c16', localWorkday: '#389e0d', weekend: '#d9d9d9' };

/** Twelve small month grids: holidays, make-up days, weekends and local exceptions at a glance. */
const YearGrid = ({ cal }: { cal: TWorkCalendarYear }) => {
  const { t } = useTranslation();
  const months = useMemo(() => Array.from({ length: 12 }, (_, m) => cal.days.filter((d) => Number(d.date.slice(5, 7)) === m + 1)), [cal]);
  return (
    <Flex vertical gap={8}>
      <Flex gap={12} wrap>
        {(['holiday', 'makeupWorkday', 'localDayOff', 'localWorkday', 'weekend'] as const).map((k) => (
          <Space key={k} size={4}>
            <span className="cal-swatch" style={{ background: dayColor[k] }} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`tickets.sla.legend.${k}`)}
            </Typography.Text>
          </Space>
        ))}
      </Flex>
      <div className="cal-year" data-testid="calendar-grid">
        {months.map((days, m) => (
          <div key={m} className="cal-month">
            <Typography.Text strong style={{ fontSize: 12 }}>
              {dayjs(`${cal.year}-${String(m + 1).padStart(2, '0')}-01`).format('YYYY-MM')}
            </Typography.Text>
            <div className="cal-days">
              {Array.from({ length: (dayjs(days[0]!.date).day() + 6) % 7 }, (_, i) => (
                <span key={`pad${i}`} />
              ))}
              {days.map((d) => (
                <Tooltip key={d.date} title={`${d.date}${d.name ? ` ${d.name}` : ''}${d.provisional ? ` · ${t('tickets.due.provisional')}` : ''}`}>
                  <span
                    className={`cal-day${d.provisional ? ' provisional' : ''}`}
                    style={dayColor[d.kind] ? { background: dayColor[d.kind], color: d.kind === 'weekend' ? undefined : '#fff' } : undefined}
                    data-kind={d.kind}
                    data-date={d.date}
                  >
                    {Number(d.date.slice(8))}
                  </span>
                </Tooltip>
              ))}
            </div>
          </div>
        ))}
      </div>
    </Flex>
  );
};

const ranges = (days: TWorkCalendarYear['days'], kind: string) => {
  const out: { from: string; to: string; name: string | null; count: number }[] = [];
  for (const d of days.filter((x) => x.kind === kind)) {
    const last = out[out.length - 1];
    if (last && last.name === d.name && dayjs(last.to).add(1, 'day').format('YYYY-MM-DD') === d.date) {
      last.to = d.date;
      last.count++;
    } else out.push({ from: d.date, to: d.date, name: d.name, count: 1 });
  }
  return out;
};

const Calendar = () => {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || Number(dayjs().format('YYYY'));
  const { data: cal, error, refetch } = useWorkCalendar(year);
  const createException = useCreateException();
  const deleteException = useDeleteException();
  const createImport = useCreateImport();
  const decide = useDecideImport();
  const [exOpen, setExOpen] = useState(false);
  const [importOpen, setImportOpen] = useState(false);
  const [exForm] = Form.useForm();
  const [importForm] = Form.useForm();
  if (error && !cal) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!cal) return <Card loading />;
  const holidays = ranges(cal.days, 'holiday');
  const makeups = cal.days.filter((d) => d.kind === 'makeupWorkday');
  const years = [...new Set([...cal.publishedYears.filter((y) => y >= year - 3), year - 1, year, year + 1])].sort();

  return (
    <Flex vertical gap={16}>
      <Card size="small" data-testid="calendar-year">
        <Flex vertical gap={12}>
          <Flex gap={12} align="center" wrap>
            <Select value={year} onChange={(y) => setParams({ tab: 'calendar', year: String(y) }, { replace: true })} options={years.map((y) => ({ value: y, label: y }))} style={{ width: 110 }} aria-label={t('tickets.sla.year')} data-testid="calendar-year-select" />
            <Tag color={cal.status === 'published' ? 'success' : 'warning'} data-testid="calendar-status">
              {cal.status === 'published' ? t('tickets.sla.published') : t('tickets.sla.provisional')}
            </Tag>
            {cal.source && <Typography.Text type="secondary">{t('tickets.sla.source', { source: cal.source })}</Typography.Text>}
            {cal.papers.map((p) => (
              <a key={p} href={p} target="_blank" rel="noreferrer noopener">
                {p}
              </a>
            ))}
          </Flex>
          {cal.status === 'provisional' && <Alert type="warning" showIcon message={t('tickets.sla.provisionalHint')} />}
          <YearGrid cal={cal} />
        </Flex>
      </Card>
      <Flex gap={16} wrap align="stretch">
        <Card size="small" title={`${t('tickets.sla.holidays')}（${t('tickets.sla.holidayCount', { count: holidays.reduce((s, h) => s + h.count, 0) })}）`} style={{ flex: '1 1 320px' }} data-testid="calendar-holidays">
          <List
            size="small"
            dataSource={holidays}
            renderItem={(h) => (
              <List.Item>
                <Typography.Text>{h.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {h.from === h.to ? h.from : `${h.from} – ${h.to.slice(5)}`} · {t('tickets.sla.dayCount', { count: h.count })}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
        <Card size="small" title={t('tickets.sla.makeupDays')} style={{ flex: '1 1 260px' }} data-testid="calendar-makeup">
          <List
            size="small"
            dataSource={makeups}
            renderItem={(d) => (
              <List.Item>
                <Typography.Text>{d.name}</Typography.Text>
                <Typography.Text type="secondary">
                  {d.date} {dayjs(d.date).format('ddd')}
                </Typography.Text>
              </List.Item>
            )}
          />
        </Card>
      </Flex>
      <Card
        size="small"
        title={t('tickets.sla.exceptions')}
        extra={
          <Button size="small" icon={<PlusOutlined />} onClick={() => setExOpen(true)} data-testid="add-exception">
            {t('tickets.sla.addException')}
          </Button>
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={cal.exceptions}
          locale={{ emptyText: t('tickets.sla.noExceptions') }}
          columns={[
            { title: t('tickets.sla.date'), dataIndex: 'date', width: 120 },
            { title: t('tickets.sla.type'), width: 90, render: (_, e) => <Tag color={e.working ? 'green' : 'orange'}>{e.working ? t('tickets.sla.workday') : t('tickets.sla.dayOff')}</Tag> },
            { title: t('tickets.sla.name'), dataIndex: 'name' },
            { title: t('tickets.sla.note'), dataIndex: 'note' },
            {
              title: '',
              width: 56,
              render: (_, e) => (
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() =>
                    modal.confirm({
                      title: `${t('common.delete')} ${e.date} ${e.name}？`,
                      onOk: () => deleteException.mutateAsync({ id: e.id, version: e.version }).catch((err) => showError(err)),
                    })
                  }
                />
              ),
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('tickets.sla.imports')}
        extra={
          <Button size="small" icon={<PlusOutlined />} onClick={() => setImportOpen(true)} data-testid="new-import">
            {t('tickets.sla.newImport')}
          </Button>
        }
      >
        <List
          size="small"
          dataSource={cal.imports}
          locale={{ emptyText: t('tickets.sla.noImports') }}
          renderItem={(i) => (
            <List.Item
              actions={
                i.status === 'pending' && i.createdBy !== me.id
                  ? [
                      <Button key="a" size="small" type="primary" onClick={() => decide.mutateAsync({ id: i.id, version: i.version, approved: true }).then(() => void message.success(t('tickets.sla.saved')), (err) => showError(err))}>
                        {t('tickets.sla.approve')}
                      </Button>,
                      <Button key="r" size="small" danger onClick={() => decide.mutateAsync({ id: i.id, version: i.version, approved: false }).catch((err) => showError(err))}>
                        {t('tickets.sla.reject')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <Space>
                    {i.year}
                    <Tag>{t(`tickets.sla.statuses.${i.status}`)}</Tag>
                    {t('tickets.sla.dayCount', { count: i.days.length })}
                  </Space>
                }
                description={t('tickets.sla.importedBy', { name: i.createdByName ?? '', at: shanghaiTime(i.createdAt) })}
              />
            </List.Item>
          )}
        />
      </Card>
      <Modal
        open={exOpen}
        title={t('tickets.sla.addException')}
        onCancel={() => setExOpen(false)}
        confirmLoading={createException.isPending}
        destroyOnHidden
        onOk={async () => {
          const v = await exForm.validateFields();
          try {
            await createException.mutateAsync({ ...v, date: v.date.format('YYYY-MM-DD') });
            setExOpen(false);
          } catch (err) {
            showError(err, exForm);
          }
        }}
      >
        <Form form={exForm} layout="vertical" preserve={false} initialValues={{ working: false }}>
          <Form.Item name="date" label={t('tickets.sla.date')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="working" label={t('tickets.sla.type')}>
            <Radio.Group options={[{ value: false, label: t('tickets.sla.dayOff') }, { value: true, label: t('tickets.sla.workday') }]} />
          </Form.Item>
          <Form.Item name="name" label={t('tickets.sla.name')} rules={[{ required: true, whitespace: true }, { max: 40 }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="note" label={t('tickets.sla.note')}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={importOpen}
        title={t('tickets.sla.newImport')}
        onCancel={() => setImportOpen(false)}
        confirmLoading={createImport.isPending}
        destroyOnHidden
        width={640}
        onOk={async () => {
          const v = await importForm.validateFields();
          let body: unknown;
          try {
            body = JSON.parse(v.json);
          } catch {
            importForm.setFields([{ name: 'json', errors: [t('tickets.sla.importInvalid')] }]);
            return;
          }
          try {
            await createImport.mutateAsync(body as never);
            setImportOpen(false);
          } catch (err) {
            showError(err);
          }
        }}
      >
        <Form form={importForm} layout="vertical" preserve={false}>
          <Form.Item name="json" label={t('tickets.sla.importJson')} extra={t('tickets.sla.importHint')} rules={[{ required: true }]}>
            <Input.TextArea rows={10} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
};

export const SlaSettings = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'calendar' ? 'calendar' : 'policies';
  return (
    <>
      <PageHeader title={t('tickets.sla.title')} description={isMobile ? undefined : t('tickets.sla.description')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'policies' ? {} : { tab: k }, { replace: true })}
        items={[
          { key: 'policies', label: t('tickets.sla.policies'), children: <Policies /> },
          { key: 'calendar', label: t('tickets.sla.calendar'), children: <Calendar /> },
        ]}
        destroyOnHidden
      />
    </>
  );
};
