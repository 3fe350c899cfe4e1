import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Col, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { CalendarOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useCreateKeyDate, useDeleteKeyDate, useKeyDates, useUpdateKeyDate, type KeyDateInput, type TKeyDate } from '../../api/customers';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { currentLocale } from '../../app/i18n';
import { daysUntil, lunarDayName, lunarMonthName, maxDay, recurringDateText } from './contactModel';
import { useDictionary } from './useDictionary';

type Target = { mode: 'create' } | { mode: 'edit'; keyDate: TKeyDate };

/** Birthdays, anniversaries and festivals that drive reminders; the next date is computed by the server. */
export const KeyDateList = ({ customerId, canEdit }: { customerId: string; canEdit: boolean }) => {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useKeyDates(customerId);
  const remove = useDeleteKeyDate();
  const showError = useApiError();
  const { message } = App.useApp();
  const { label } = useDictionary();
  const isMobile = useIsMobile();
  const locale = currentLocale();
  const [target, setTarget] = useState<Target | null>(null);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  const until = (date: string) => {
    const d = daysUntil(date);
    if (d === null) return null;
    const text = d === 0 ? t('contacts.today') : d === 1 ? t('contacts.tomorrow') : t('contacts.inDays', { count: d });
    return <Tag color={d <= 7 ? 'orange' : 'default'} variant="filled">{text}</Tag>;
  };
  const addButton = canEdit && (
    <Button icon={<PlusOutlined />} type={data?.length ? 'default' : 'primary'} onClick={() => setTarget({ mode: 'create' })} data-testid="add-key-date">
      {t('keyDates.add')}
    </Button>
  );

  return (
    <>
      {Boolean(data?.length) && <Flex justify="flex-end" style={{ marginBottom: 12 }}>{addButton}</Flex>}
      <Table<TKeyDate>
        rowKey="id"
        size="middle"
        loading={isPending}
        dataSource={data}
        pagination={false}
        showHeader={!isMobile}
        data-testid="key-date-table"
        locale={{
          emptyText: (
            <Empty
              image={<CalendarOutlined style={{ fontSize: 40, color: '#9db4d8' }} />}
              styles={{ image: { height: 48 } }}
              description={
                <Flex vertical gap={4} align="center">
                  <Typography.Text strong>{t('keyDates.empty')}</Typography.Text>
                  <Typography.Text type="secondary">{t('keyDates.emptyHint')}</Typography.Text>
                </Flex>
              }
            >
              {addButton}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('keyDates.title'),
            dataIndex: 'title',
            render: (title: string, k) => (
              <Flex vertical>
                <Typography.Text strong>{title}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {label('keyDateKind', k.kind)}
                  {isMobile ? ` · ${recurringDateText(k, locale)}` : ''}
                </Typography.Text>
              </Flex>
            ),
          },
          ...(isMobile ? [] : [{ title: t('keyDates.date'), key: 'date', render: (_: unknown, k: TKeyDate) => recurringDateText(k, locale) }]),
          {
            title: t('keyDates.nextDate'),
            dataIndex: 'nextDate',
            render: (d: string) => (
              <Space size={4} wrap>
                <span>{d}</span>
                {until(d)}
              </Space>
            ),
          },
          ...(canEdit
            ? [
                {
                  key: 'actions',
                  width: 88,
                  render: (_: unknown, k: TKeyDate) => (
                    <Space size={0}>
                      <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setTarget({ mode: 'edit', keyDate: k })} />
                      <Popconfirm
                        title={t('keyDates.deleteConfirm', { title: k.title })}
                        okButtonProps={{ danger: true }}
                        okText={t('common.delete')}
                        onConfirm={() =>
                          remove.mutateAsync({ customerId, id: k.id }).then(() => void message.success(t('common.deleted')), (e: unknown) => showError(e))
                        }
                      >
                        <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <KeyDateForm customerId={customerId} target={target} onClose={() => setTarget(null)} />
    </>
  );
};

type Values = KeyDateInput;

const KeyDateForm = ({ customerId, target, onClose }: { customerId: string; target: Target | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { options } = useDictionary();
  const create = useCreateKeyDate();
  const update = useUpdateKeyDate();
  const showError = useApiError();
  const { message } = App.useApp();
  const calendar = Form.useWatch('calendar', form) ?? 'solar';
  const month = Form.useWatch('month', form);
  const zh = currentLocale() !== 'en-US';
  const editing = target?.mode === 'edit' ? target.keyDate : null;
  const lunar = calendar === 'lunar';

  useEffect(() => {
    if (!target) return;
    form.resetFields();
    if (target.mode === 'edit') {
      const k = target.keyDate;
      form.setFieldsValue({ kind: k.kind, title: k.title, calendar: k.calendar, month: k.month, day: k.day, year: k.year, leapMonth: k.leapMonth, remindDaysBefore: k.remindDaysBefore });
    } else form.setFieldsValue({ calendar: 'solar', remindDaysBefore: 3 });
  }, [target, form]);

  const save = (v: Values) => {
    const body = { ...v, title: v.title.trim(), year: v.year ?? null, leapMonth: v.calendar === 'lunar' ? Boolean(v.leapMonth) : false };
    const done = {
      onSuccess: () => {
        void message.success(editing ? t('common.saved') : t('common.created'));
        onClose();
      },
      onError: (e: unknown) => showError(e, form, { onConflict: onClose }),
    };
    if (editing) update.mutate({ customerId, id: editing.id, version: editing.version, ...body }, done);
    else create.mutate({ customerId, ...body }, done);
  };

  return (
    <Modal
      open={Boolean(target)}
      title={editing ? t('keyDates.editTitle') : t('keyDates.createTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} data-testid="key-date-form">
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t('keyDates.kind')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('keyDates.kind') }) }]}>
              <Select
                options={options('keyDateKind')}
                onChange={(_v, o) => !form.getFieldValue('title') && form.setFieldsValue({ title: (o as { label: string }).label })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="title" label={t('keyDates.title')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('keyDates.title') }) }, { max: 60 }]}>
              <Input maxLength={60} placeholder={t('keyDates.titlePlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="calendar" label={t('keyDates.calendar')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'solar', label: t('contacts.calendars.solar') },
              { value: 'lunar', label: t('contacts.calendars.lunar') },
            ]}
            onChange={() => form.setFieldsValue({ day: undefined, leapMonth: false })}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} sm={6}>
            <Form.Item name="month" label={t('keyDates.month')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('keyDates.month') }) }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: lunar && zh ? lunarMonthName(i + 1) : zh ? `${i + 1}月` : String(i + 1) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="day" label={t('keyDates.day')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('keyDates.day') }) }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={Array.from({ length: maxDay(lunar ? 'lunar' : 'solar', month) }, (_, i) => ({
                  value: i + 1,
                  label: lunar && zh ? lunarDayName(i + 1) : zh ? `${i + 1}日` : String(i + 1),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="year" label={t('keyDates.year')}>
              <InputNumber min={1900} max={2100} precision={0} style={{ width: '100%' }} placeholder={t('common.optional')} />
            </Form.Item>
          </Col>
          {lunar && (
            <Col xs={12} sm={6}>
              <Form.Item name="leapMonth" label=" " valuePropName="checked">
                <Checkbox>{t('keyDates.leapMonth')}</Checkbox>
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item name="remindDaysBefore" label={t('keyDates.remindDaysBefore')} style={{ marginBottom: 0 }}>
          <InputNumber min={0} max={60} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
};
