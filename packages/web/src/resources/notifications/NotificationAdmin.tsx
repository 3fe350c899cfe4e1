import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Flex, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Statistic, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { ApiOutlined, DeleteOutlined, EditOutlined, PlusOutlined, QuestionCircleOutlined, SendOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { NotificationChannel, TDeliveryFigures, TRobot } from '@liaison/shared';
import {
  useDeleteRobot,
  useEventTypes,
  useFigures,
  useRobots,
  useRules,
  useSaveRobot,
  useSaveRules,
  useSaveSmtp,
  useSmtp,
  useTestRobot,
  useTestSmtp,
  type RobotBody,
  type SmtpBody,
} from '../../api/notifications';
import { PageHeader } from '../../components/PageHeader';
import { FormDrawer } from '../../components/FormDrawer';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';

const Figures = () => {
  const { t } = useTranslation();
  const figures = useFigures(true);
  if (figures.error) return <LoadError error={figures.error} onRetry={() => void figures.refetch()} />;
  const f = figures.data;
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        {(f?.data ?? []).map((c) => (
          <Col key={c.channel} xs={24} md={8}>
            <Card title={t(`notifications.channels.${c.channel as 'email'}`)} size="small" loading={figures.isPending} data-testid={`figures-${c.channel}`}>
              <Row gutter={[8, 8]}>
                <Col span={12}>
                  <Statistic title={t('notifications.sent')} value={c.sent} />
                </Col>
                <Col span={12}>
                  <Statistic title={t('notifications.retried')} value={c.retried} />
                </Col>
                <Col span={12}>
                  <Statistic title={t('notifications.failed')} value={c.failed} styles={{ content: { color: c.failed ? '#cf1322' : undefined } }} />
                </Col>
                <Col span={12}>
                  <Statistic
                    title={
                      <Space size={4}>
                        {t('notifications.duplicate')}
                        <Tooltip title={t('notifications.duplicateHint')}>
                          <QuestionCircleOutlined />
                        </Tooltip>
                      </Space>
                    }
                    value={c.duplicate}
                  />
                </Col>
              </Row>
              <Typography.Text type="secondary">
                {t('notifications.pending')}：{c.pending}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small">
        <Flex gap={32} wrap>
          <Statistic title={t('notifications.inAppTotal')} value={f?.inApp.total ?? 0} loading={figures.isPending} />
          <Statistic title={t('notifications.inAppUnread')} value={f?.inApp.unread ?? 0} loading={figures.isPending} />
          <Statistic title={t('notifications.outboxPending')} value={f?.outbox.pending ?? 0} loading={figures.isPending} />
        </Flex>
      </Card>
      <Table<TDeliveryFigures>
        rowKey="channel"
        size="small"
        pagination={false}
        dataSource={f?.data ?? []}
        scroll={{ x: 520 }}
        data-testid="figures-table"
        columns={[
          { title: t('notifications.channel'), dataIndex: 'channel', render: (c: string) => t(`notifications.channels.${c as 'email'}`) },
          { title: t('notifications.sent'), dataIndex: 'sent', align: 'right' },
          { title: t('notifications.retried'), dataIndex: 'retried', align: 'right' },
          { title: t('notifications.failed'), dataIndex: 'failed', align: 'right' },
          { title: t('notifications.duplicate'), dataIndex: 'duplicate', align: 'right' },
          { title: t('notifications.pending'), dataIndex: 'pending', align: 'right' },
        ]}
      />
    </Flex>
  );
};

const Smtp = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const smtp = useSmtp(true);
  const save = useSaveSmtp();
  const test = useTestSmtp();
  const [form] = Form.useForm<SmtpBody>();
  const [to, setTo] = useState('');
  useEffect(() => {
    if (smtp.data) form.setFieldsValue({ smtpHost: smtp.data.smtpHost ?? '', smtpPort: smtp.data.smtpPort ?? 465, smtpSecure: smtp.data.source === 'none' ? true : smtp.data.smtpSecure, smtpUser: smtp.data.smtpUser ?? '', smtpFrom: smtp.data.smtpFrom ?? '' });
  }, [smtp.data, form]);
  if (smtp.error) return <LoadError error={smtp.error} onRetry={() => void smtp.refetch()} />;
  const readOnly = smtp.data?.source === 'env';
  return (
    <Card loading={smtp.isPending} style={{ maxWidth: 640 }}>
      {smtp.data && <Alert type={smtp.data.source === 'none' ? 'warning' : 'info'} showIcon title={t(`notifications.smtpSource.${smtp.data.source}`)} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="vertical"
        disabled={readOnly}
        onFinish={(v) =>
          save.mutate(
            { ...v, smtpUser: v.smtpUser || null, smtpPassword: v.smtpPassword ? v.smtpPassword : undefined },
            { onSuccess: () => void message.success(t('common.saved')), onError: (e) => showError(e, form) },
          )
        }
      >
        <Flex gap={12} wrap>
          <Form.Item name="smtpHost" label={t('notifications.smtpHost')} rules={[{ required: true }]} style={{ flex: '1 1 240px' }}>
            <Input placeholder="smtp.exmail.qq.com" />
          </Form.Item>
          <Form.Item name="smtpPort" label={t('notifications.smtpPort')} rules={[{ required: true }]}>
            <InputNumber min={1} max={65535} style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="smtpSecure" label={t('notifications.smtpSecure')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Flex gap={12} wrap>
          <Form.Item name="smtpUser" label={t('notifications.smtpUser')} style={{ flex: '1 1 240px' }}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="smtpPassword" label={t('notifications.smtpPassword')} style={{ flex: '1 1 240px' }}>
            <Input.Password autoComplete="new-password" placeholder={smtp.data?.hasPassword ? t('notifications.smtpPasswordKeep') : undefined} />
          </Form.Item>
        </Flex>
        <Form.Item name="smtpFrom" label={t('notifications.smtpFrom')} rules={[{ required: true }]}>
          <Input placeholder="noreply@example.com" />
        </Form.Item>
        {!readOnly && (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        )}
      </Form>
      {smtp.data?.source !== 'none' && (
        <Flex gap={8} wrap style={{ marginTop: 24 }}>
          <Input value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('notifications.testRecipient')} style={{ maxWidth: 280 }} />
          <Button
            icon={<SendOutlined />}
            loading={test.isPending}
            onClick={() =>
              test.mutate(to, {
                onSuccess: (r) => (r.ok ? void message.success(t('notifications.testOk')) : void message.error(t('notifications.testFailed', { error: r.error }))),
                onError: (e) => showError(e),
              })
            }
          >
            {t('notifications.sendTest')}
          </Button>
        </Flex>
      )}
    </Card>
  );
};

const Robots = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const robots = useRobots(true);
  const types = useEventTypes();
  const save = useSaveRobot();
  const del = useDeleteRobot();
  const test = useTestRobot();
  const [editing, setEditing] = useState<TRobot | 'new' | null>(null);
  const [form] = Form.useForm<RobotBody>();
  const kind = Form.useWatch('robotKind', form);
  const robotTypes = (types.data ?? []).filter((x) => x.robot);
  if (robots.error) return <LoadError error={robots.error} onRetry={() => void robots.refetch()} />;

  const openForm = (r: TRobot | 'new') => {
    setEditing(r);
    form.resetFields();
    if (r !== 'new') form.setFieldsValue({ name: r.name, robotKind: r.robotKind, orgUnitId: r.orgUnitId, eventTypes: r.eventTypes, enabled: r.enabled });
    else form.setFieldsValue({ robotKind: 'wecom', enabled: true, eventTypes: [] });
  };
  const submit = async () => {
    const v = await form.validateFields();
    const body: RobotBody =
      editing === 'new'
        ? { ...v, signingSecret: v.signingSecret || null }
        : {
            name: v.name,
            eventTypes: v.eventTypes,
            enabled: v.enabled,
            ...(v.webhookUrl ? { webhookUrl: v.webhookUrl } : {}),
            ...(v.signingSecret ? { signingSecret: v.signingSecret } : {}),
            version: (editing as TRobot).version,
          };
    save.mutate(
      { id: editing === 'new' ? undefined : (editing as TRobot).id, body },
      { onSuccess: () => (setEditing(null), void message.success(t('common.saved'))), onError: (e) => showError(e, form, { onConflict: () => setEditing(null) }) },
    );
  };

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="flex-start" gap={12} wrap>
        <Typography.Paragraph type="secondary" style={{ margin: 0, maxWidth: 720 }}>
          {t('notifications.robotsHint')}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openForm('new')} data-testid="add-robot">
          {t('notifications.addRobot')}
        </Button>
      </Flex>
      <Table<TRobot>
        rowKey="id"
        loading={robots.isPending}
        dataSource={robots.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{
          emptyText: (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.noRobots')}>
              <Typography.Text type="secondary">{t('notifications.noRobotsHint')}</Typography.Text>
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('notifications.robotName'),
            key: 'name',
            render: (_, r) => (
              <Flex vertical>
                <Typography.Text strong>{r.name}</Typography.Text>
                <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
                  {r.webhookHint}
                </Typography.Text>
              </Flex>
            ),
          },
          { title: t('notifications.robotKind'), dataIndex: 'robotKind', render: (k: 'wecom' | 'dingtalk') => <Tag color={k === 'wecom' ? 'green' : 'blue'}>{t(`notifications.robotKinds.${k}`)}</Tag> },
          { title: t('notifications.orgUnit'), dataIndex: 'orgUnitName' },
          {
            title: t('notifications.eventTypes'),
            dataIndex: 'eventTypes',
            render: (list: string[]) => (list.length ? list.map((x) => <Tag key={x}>{robotTypes.find((r) => r.type === x)?.label ?? x}</Tag>) : t('notifications.eventTypesAll')),
          },
          { title: t('notifications.enabled'), dataIndex: 'enabled', render: (on: boolean) => (on ? <Tag color="success">{t('notifications.enabled')}</Tag> : <Tag>{t('notifications.disabled')}</Tag>) },
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right',
            render: (_, r) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  icon={<ApiOutlined />}
                  loading={test.isPending && test.variables === r.id}
                  onClick={() =>
                    test.mutate(r.id, {
                      onSuccess: (res) => (res.ok ? void message.success(t('notifications.testOk')) : void message.error(t('notifications.testFailed', { error: res.error }))),
                      onError: (e) => showError(e),
                    })
                  }
                >
                  {t('notifications.test')}
                </Button>
                <Button type="link" size="small" icon={<EditOutlined />} onClick={() => openForm(r)} aria-label={t('notifications.editRobot')} />
                <Popconfirm title={t('notifications.deleteConfirm', { name: r.name })} onConfirm={() => del.mutateAsync(r.id).then(() => void message.success(t('notifications.deleted')), (e: unknown) => showError(e))}>
                  <Button type="link" size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormDrawer title={editing === 'new' ? t('notifications.addRobot') : t('notifications.editRobot')} open={editing !== null} onClose={() => setEditing(null)} onSubmit={() => void submit()} submitting={save.isPending}>
        <Form form={form} layout="vertical" data-testid="robot-form">
          <Form.Item name="name" label={t('notifications.robotName')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="robotKind" label={t('notifications.robotKind')} rules={[{ required: true }]}>
            <Select disabled={editing !== 'new'} options={(['wecom', 'dingtalk'] as const).map((k) => ({ value: k, label: t(`notifications.robotKinds.${k}`) }))} />
          </Form.Item>
          <Form.Item name="orgUnitId" label={t('notifications.orgUnit')} rules={[{ required: true }]}>
            <OrgUnitTreeSelect disabled={editing !== 'new'} />
          </Form.Item>
          <Form.Item name="webhookUrl" label={t('notifications.webhook')} rules={editing === 'new' ? [{ required: true }] : []}>
            <Input placeholder={editing !== 'new' ? t('notifications.webhookKeep') : kind === 'dingtalk' ? 'https://oapi.dingtalk.com/robot/send?access_token=…' : 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'} autoComplete="off" />
          </Form.Item>
          {kind === 'dingtalk' && (
            <Form.Item name="signingSecret" label={t('notifications.signingSecret')} rules={editing === 'new' ? [{ required: true }] : []}>
              <Input.Password placeholder={editing !== 'new' ? t('notifications.secretKeep') : 'SEC…'} autoComplete="new-password" />
            </Form.Item>
          )}
          <Form.Item name="eventTypes" label={t('notifications.eventTypes')} extra={t('notifications.eventTypesAll')}>
            <Select mode="multiple" allowClear options={robotTypes.map((x) => ({ value: x.type, label: x.label }))} />
          </Form.Item>
          <Form.Item name="enabled" label={t('notifications.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </FormDrawer>
    </Flex>
  );
};

const Rules = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const { me } = useSession();
  const rules = useRules(true);
  const types = useEventTypes();
  const save = useSaveRules();
  const [unit, setUnit] = useState<string>(me.orgUnit.id);
  const [checked, setChecked] = useState<string[]>([]);
  useEffect(() => {
    setChecked((rules.data ?? []).filter((r) => r.orgUnitId === unit).map((r) => `${r.eventType}|${r.channel}`));
  }, [rules.data, unit]);
  if (rules.error) return <LoadError error={rules.error} onRetry={() => void rules.refetch()} />;
  const personal = (types.data ?? []).filter((x) => !x.robot);
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('notifications.rulesHint')}
      </Typography.Paragraph>
      <Card>
        <Flex vertical gap={16}>
          <Form.Item label={t('notifications.rulesUnit')} style={{ margin: 0 }}>
            <OrgUnitTreeSelect value={unit} onChange={(v: string) => setUnit(v)} style={{ minWidth: 240, maxWidth: '100%' }} />
          </Form.Item>
          <Checkbox.Group value={checked} onChange={(v) => setChecked(v as string[])} style={{ display: 'block' }}>
            <Table
              rowKey="type"
              size="small"
              pagination={false}
              dataSource={personal}
              scroll={{ x: 420 }}
              columns={[
                { title: t('notifications.eventColumn'), dataIndex: 'label' },
                ...(['inApp', 'email'] as const).map((c) => ({ title: t(`notifications.${c}`), key: c, width: 100, render: (_: unknown, x: { type: string }) => <Checkbox value={`${x.type}|${c}`} /> })),
              ]}
            />
          </Checkbox.Group>
          <div>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() =>
                save.mutate(
                  { orgUnitId: unit, requiredEvents: checked.map((k) => ({ eventType: k.split('|')[0]!, channel: k.split('|')[1] as NotificationChannel })) },
                  { onSuccess: () => void message.success(t('notifications.rulesSaved')), onError: (e) => showError(e) },
                )
              }
            >
              {t('notifications.saveRules')}
            </Button>
          </div>
        </Flex>
      </Card>
    </Flex>
  );
};

/** Notification administration: figures and mail server for admins, robots and required reminders in one's scope. */
export const NotificationAdmin = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const items = [
    ...(can('notification.admin') ? [{ key: 'figures', label: t('notifications.tabFigures'), children: <Figures /> }] : []),
    ...(can('notification.manage') ? [{ key: 'robots', label: t('notifications.tabRobots'), children: <Robots /> }] : []),
    ...(can('notification.manage') ? [{ key: 'rules', label: t('notifications.tabRules'), children: <Rules /> }] : []),
    ...(can('notification.admin') ? [{ key: 'smtp', label: t('notifications.tabSmtp'), children: <Smtp /> }] : []),
  ];
  const active = items.some((i) => i.key === params.get('tab')) ? params.get('tab')! : items[0]?.key;
  return (
    <>
      <PageHeader title={t('notifications.adminTitle')} description={t('notifications.adminDescription')} />
      <Tabs activeKey={active} onChange={(k) => setParams({ tab: k })} items={items} destroyOnHidden />
    </>
  );
};
