import { useState } from 'react';
import { App, Button, Card, DatePicker, Drawer, Empty, Flex, Form, Input, List, Select, Table, Tag, Typography } from 'antd';
import { CheckOutlined, FileExcelOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { localDate, monthKey, type TServiceAction } from '@liaison/shared';
import { apiUrl } from '../../api/client';
import { useAddServiceAction, useCreateServicePlan, useServicePlan, useServicePlans, useUpdateServiceAction } from '../../api/plans';
import { useUsers } from '../../api/users';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { CustomerPicker } from '../visits/CustomerPicker';
import { beijing } from './planModel';

/** The plans page's tab of key-customer service plans (Form 7) for a month, with a new one. */
export const ServicePlanList = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const showError = useApiError();
  const [period, setPeriod] = useState(monthKey(new Date()));
  const { data, isPending } = useServicePlans({ period });
  const create = useCreateServicePlan();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ customerId: string; goals: string }>();
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap justify="space-between">
        <DatePicker picker="month" allowClear={false} value={dayjs(`${period}-01`)} onChange={(d) => d && setPeriod(d.format('YYYY-MM'))} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('plans.service.new')}
        </Button>
      </Flex>
      <List
        loading={isPending}
        dataSource={data ?? []}
        locale={{ emptyText: <Empty description={t('plans.service.empty')} /> }}
        renderItem={(p) => (
          <List.Item>
            <Flex vertical gap={2} style={{ width: '100%' }}>
              <Flex justify="space-between" gap={8}>
                <Link to={`/service-plans/${p.id}`}>{p.customerName}</Link>
                <Tag>{p.period}</Tag>
              </Flex>
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                {p.managerName} · {p.goals}
              </Typography.Text>
            </Flex>
          </List.Item>
        )}
      />
      <Drawer open={open} onClose={() => setOpen(false)} title={t('plans.service.new')} width={isMobile ? '100%' : 480} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v) => {
            try {
              const plan = await create.mutateAsync({ customerId: v.customerId, goals: v.goals, period });
              setOpen(false);
              void navigate(`/service-plans/${plan.id}`);
            } catch (e) {
              showError(e, form);
            }
          }}
        >
          <Form.Item name="customerId" label={t('plans.service.customer')} rules={[{ required: true }]} extra={t('plans.service.keyOnly')}>
            <CustomerPicker />
          </Form.Item>
          <Form.Item name="goals" label={t('plans.service.goals')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={create.isPending}>
            {t('plans.actions.save')}
          </Button>
        </Form>
      </Drawer>
    </Flex>
  );
};

/** One key customer's service plan: goals, actions with owners and due dates, the month's visits. */
export const ServicePlanShow = () => {
  const { id } = useParams();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { me } = useSession();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data: plan, error, refetch } = useServicePlan(id);
  const users = useUsers({ perPage: 200, status: 'active' });
  const add = useAddServiceAction();
  const update = useUpdateServiceAction();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ title: string; dueDate: dayjs.Dayjs; ownerId: string }>();
  if (error && !plan) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!plan) return <Card loading />;
  const owners = new Map([[me.id, me.displayName], [plan.managerId, plan.managerName], ...(users.data?.data ?? []).map((u) => [u.id, u.displayName] as [string, string])]);
  const done = (a: TServiceAction) =>
    update
      .mutateAsync({ id: plan.id, actionId: a.id, version: a.version, status: 'done' })
      .then(() => message.success(t('plans.actions.saved')))
      .catch((e) => showError(e));
  const status = (a: TServiceAction) => (a.status === 'done' ? <Tag color="green">{t('plans.service.done')}</Tag> : a.overdue ? <Tag color="red">{t('plans.workbench.overdue')}</Tag> : <Tag>{t('plans.service.open')}</Tag>);
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={`${t('plans.service.title')} · ${plan.customerName}`}
        description={`${plan.orgUnitName} · ${plan.managerName} · ${plan.period}`}
        extra={
          <Button icon={<FileExcelOutlined />} href={apiUrl('/forms/key-customer-service-plan.xlsx', { planId: plan.id })}>
            {t('plans.detail.planForm')}
          </Button>
        }
      />
      <Card size="small" title={t('plans.service.goals')}>
        <Typography.Paragraph style={{ margin: 0 }}>{plan.goals}</Typography.Paragraph>
      </Card>
      <Card size="small" title={t('plans.service.actions')} extra={<Button size="small" icon={<PlusOutlined />} onClick={() => setOpen(true)}>{t('plans.service.addAction')}</Button>}>
        {!plan.actions.length ? (
          <Empty description={t('plans.service.noActions')} />
        ) : isMobile ? (
          <List
            dataSource={plan.actions}
            renderItem={(a) => (
              <List.Item actions={a.status === 'open' ? [<Button key="d" size="small" icon={<CheckOutlined />} onClick={() => void done(a)} aria-label={t('plans.service.markDone')} />] : []}>
                <Flex vertical gap={2}>
                  <Typography.Text>{a.title}</Typography.Text>
                  <Flex gap={4} wrap align="center">
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {a.dueDate} · {a.ownerName}
                    </Typography.Text>
                    {status(a)}
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Table<TServiceAction>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={plan.actions}
            data-testid="service-actions"
            columns={[
              { title: t('plans.service.action'), dataIndex: 'title', key: 't' },
              { title: t('plans.service.due'), dataIndex: 'dueDate', key: 'd' },
              { title: t('plans.service.owner'), dataIndex: 'ownerName', key: 'o' },
              { title: t('plans.fields.status'), key: 's', render: (_: unknown, a) => status(a) },
              { title: '', key: 'x', render: (_: unknown, a) => (a.status === 'open' ? <Button size="small" icon={<CheckOutlined />} onClick={() => void done(a)}>{t('plans.service.markDone')}</Button> : null) },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('plans.service.visits')}>
        {plan.visits.length ? (
          <List size="small" dataSource={plan.visits} renderItem={(v) => <List.Item>{`${beijing(v.startAt)} · ${t(`visits.method.${v.method as 'onsite'}`)} · ${t(`visits.status.${v.status as 'done'}`)}${v.outcome ? ` · ${v.outcome}` : ''}`}</List.Item>} />
        ) : (
          <Empty description={t('plans.service.noVisits')} />
        )}
      </Card>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('plans.service.addAction')} width={isMobile ? '100%' : 480} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ ownerId: plan.managerId }}
          onFinish={async (v) => {
            try {
              await add.mutateAsync({ id: plan.id, title: v.title, dueDate: v.dueDate.format('YYYY-MM-DD'), ownerId: v.ownerId });
              setOpen(false);
            } catch (e) {
              showError(e, form);
            }
          }}
        >
          <Form.Item name="title" label={t('plans.service.action')} rules={[{ required: true }]}>
            <Input maxLength={500} />
          </Form.Item>
          <Form.Item name="dueDate" label={t('plans.service.due')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} defaultPickerValue={dayjs(localDate(new Date()))} />
          </Form.Item>
          <Form.Item name="ownerId" label={t('plans.service.owner')}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={[...owners].map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={add.isPending}>
            {t('plans.actions.save')}
          </Button>
        </Form>
      </Drawer>
    </Flex>
  );
};
