import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, DatePicker, Drawer, Empty, Flex, Form, Input, List, Select, Table, Tag, Typography, type FormInstance } from 'antd';
import { CheckOutlined, EditOutlined, FileExcelOutlined, LockOutlined, PlusOutlined, UnlockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import dayjs from 'dayjs';
import { localDate, monthKey, type TServiceAction } from '@liaison/shared';
import { apiUrl } from '../../api/client';
import { useAddServiceAction, useCreateServicePlan, useServicePlan, useServicePlans, useUpdateServiceAction, useUpdateServicePlan } from '../../api/plans';
import { useUsers } from '../../api/users';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { CustomerPicker } from '../visits/CustomerPicker';
import { beijing } from './planModel';

/**
 * A drawer holding one form and its save button: `onSave` does the work and closes on success;
 * an error lands on the form's fields or in the shared prompt, and a stale version (409) closes
 * the drawer so the user starts again from fresh data.
 */
const FormDrawer = <T extends object>(props: {
  open: boolean;
  onClose: () => void;
  title: string;
  form: FormInstance<T>;
  initialValues?: Partial<T>;
  onSave: (values: T) => Promise<unknown>;
  saving: boolean;
  saveTestId?: string;
  children: ReactNode;
}) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const showError = useApiError();
  return (
    <Drawer open={props.open} onClose={props.onClose} title={props.title} width={isMobile ? '100%' : 480} destroyOnHidden>
      <Form<T>
        form={props.form}
        layout="vertical"
        initialValues={props.initialValues}
        onFinish={async (v) => {
          try {
            await props.onSave(v);
          } catch (e) {
            showError(e, props.form, { onConflict: props.onClose });
          }
        }}
      >
        {props.children}
        <Button type="primary" htmlType="submit" block loading={props.saving} data-testid={props.saveTestId}>
          {t('plans.actions.save')}
        </Button>
      </Form>
    </Drawer>
  );
};

/** The plans page's tab of key-customer service plans (Form 7) for a month, with a new one. */
export const ServicePlanList = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
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
      <FormDrawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('plans.service.new')}
        form={form}
        saving={create.isPending}
        onSave={async (v) => {
          const plan = await create.mutateAsync({ customerId: v.customerId, goals: v.goals, period });
          setOpen(false);
          void navigate(`/service-plans/${plan.id}`);
        }}
      >
        <Form.Item name="customerId" label={t('plans.service.customer')} rules={[{ required: true }]} extra={t('plans.service.keyOnly')}>
          <CustomerPicker />
        </Form.Item>
        <Form.Item name="goals" label={t('plans.service.goals')} rules={[{ required: true }]}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
      </FormDrawer>
    </Flex>
  );
};

type ActionValues = { title: string; dueDate: dayjs.Dayjs; ownerId: string; status: 'open' | 'done' };

/**
 * One key customer's service plan: goals, actions with owners and due dates, the month's visits.
 * Goals and actions are edited in drawers carrying the record's version (a stale one answers 409
 * and the shared reload prompt); a closed plan is read-only until reopened.
 */
export const ServicePlanShow = () => {
  const { id } = useParams();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { me, can } = useSession();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const { data: plan, error, refetch } = useServicePlan(id);
  const users = useUsers({ perPage: 200, status: 'active' }, can('user.read'));
  const add = useAddServiceAction();
  const update = useUpdateServiceAction();
  const updatePlan = useUpdateServicePlan();
  // The action drawer: undefined closed, null a new action, else the action being edited.
  const [editing, setEditing] = useState<TServiceAction | null | undefined>(undefined);
  const [goalsOpen, setGoalsOpen] = useState(false);
  const [form] = Form.useForm<ActionValues>();
  const [goalsForm] = Form.useForm<{ goals: string }>();
  if (error && !plan) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!plan) return <Card loading />;
  const editable = plan.status === 'active' && can('plan.write');
  const owners = new Map([[me.id, me.displayName], [plan.managerId, plan.managerName], ...plan.actions.map((a) => [a.ownerId, a.ownerName] as [string, string]), ...(users.data?.data ?? []).map((u) => [u.id, u.displayName] as [string, string])]);
  const done = (a: TServiceAction) =>
    update
      .mutateAsync({ id: plan.id, actionId: a.id, version: a.version, status: 'done' })
      .then(() => message.success(t('plans.actions.saved')))
      .catch((e) => showError(e));
  const setPlanStatus = (status: 'active' | 'closed') =>
    updatePlan
      .mutateAsync({ id: plan.id, version: plan.version, status })
      .then(() => message.success(t('plans.actions.saved')))
      .catch((e) => showError(e));
  const closePlan = () =>
    modal.confirm({ title: t('plans.service.closePlan'), content: t('plans.service.closeConfirm'), okText: t('plans.service.closePlan'), onOk: () => setPlanStatus('closed') });
  const status = (a: TServiceAction) => (a.status === 'done' ? <Tag color="green">{t('plans.service.done')}</Tag> : a.overdue ? <Tag color="red">{t('plans.workbench.overdue')}</Tag> : <Tag>{t('plans.service.open')}</Tag>);
  const rowActions = (a: TServiceAction) =>
    editable ? (
      <Flex gap={4} wrap={!isMobile}>
        <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(a)} data-testid="edit-action" aria-label={t('plans.service.editAction')}>
          {isMobile ? null : t('plans.service.edit')}
        </Button>
        {a.status === 'open' ? (
          <Button size="small" icon={<CheckOutlined />} onClick={() => void done(a)} data-testid="action-done" aria-label={t('plans.service.markDone')}>
            {isMobile ? null : t('plans.service.markDone')}
          </Button>
        ) : null}
      </Flex>
    ) : null;
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={`${t('plans.service.title')} · ${plan.customerName}`}
        description={`${plan.orgUnitName} · ${plan.managerName} · ${plan.period}`}
        extra={
          <Flex gap={8} wrap>
            <Tag color={plan.status === 'active' ? 'blue' : 'default'} data-testid="service-plan-status" style={{ alignSelf: 'center' }}>
              {t(`plans.service.${plan.status}`)}
            </Tag>
            {can('plan.write') ? (
              plan.status === 'active' ? (
                <Button icon={<LockOutlined />} onClick={closePlan} loading={updatePlan.isPending} data-testid="close-service-plan">
                  {t('plans.service.closePlan')}
                </Button>
              ) : (
                <Button icon={<UnlockOutlined />} onClick={() => void setPlanStatus('active')} loading={updatePlan.isPending} data-testid="reopen-service-plan">
                  {t('plans.service.reopenPlan')}
                </Button>
              )
            ) : null}
            <Button icon={<FileExcelOutlined />} href={apiUrl('/forms/key-customer-service-plan.xlsx', { planId: plan.id })}>
              {t('plans.detail.planForm')}
            </Button>
          </Flex>
        }
      />
      {plan.status === 'closed' ? <Alert type="info" showIcon message={t('plans.service.closedNote')} /> : null}
      <Card
        size="small"
        title={t('plans.service.goals')}
        extra={
          editable ? (
            <Button size="small" icon={<EditOutlined />} onClick={() => setGoalsOpen(true)} data-testid="edit-goals">
              {t('plans.service.editGoals')}
            </Button>
          ) : null
        }
      >
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }} data-testid="service-goals">
          {plan.goals}
        </Typography.Paragraph>
      </Card>
      <Card
        size="small"
        title={t('plans.service.actions')}
        extra={
          editable ? (
            <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="add-action">
              {t('plans.service.addAction')}
            </Button>
          ) : null
        }
      >
        {!plan.actions.length ? (
          <Empty description={t('plans.service.noActions')} />
        ) : isMobile ? (
          <List
            dataSource={plan.actions}
            data-testid="service-actions"
            renderItem={(a) => (
              <List.Item data-testid="service-action">
                <Flex gap={8} align="center" justify="space-between" style={{ width: '100%' }}>
                  <Flex vertical gap={2} style={{ minWidth: 0 }}>
                    <Typography.Text style={{ overflowWrap: 'anywhere' }}>{a.title}</Typography.Text>
                    <Flex gap={4} wrap align="center">
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {a.dueDate} · {a.ownerName}
                      </Typography.Text>
                      {status(a)}
                    </Flex>
                  </Flex>
                  {editable ? <div style={{ flex: 'none' }}>{rowActions(a)}</div> : null}
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
            onRow={() => ({ 'data-testid': 'service-action' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { title: t('plans.service.action'), dataIndex: 'title', key: 't' },
              { title: t('plans.service.due'), dataIndex: 'dueDate', key: 'd', width: 120 },
              { title: t('plans.service.owner'), dataIndex: 'ownerName', key: 'o', width: 140 },
              { title: t('plans.fields.status'), key: 's', width: 100, render: (_: unknown, a) => status(a) },
              ...(editable ? [{ title: '', key: 'x', width: 180, render: (_: unknown, a: TServiceAction) => rowActions(a) }] : []),
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
      <FormDrawer
        open={goalsOpen}
        onClose={() => setGoalsOpen(false)}
        title={t('plans.service.editGoals')}
        form={goalsForm}
        initialValues={{ goals: plan.goals }}
        saving={updatePlan.isPending}
        saveTestId="save-goals"
        onSave={async (v) => {
          await updatePlan.mutateAsync({ id: plan.id, version: plan.version, goals: v.goals });
          setGoalsOpen(false);
          void message.success(t('plans.actions.saved'));
        }}
      >
        <Form.Item name="goals" label={t('plans.service.goals')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={5} maxLength={4000} data-testid="goals-input" />
        </Form.Item>
      </FormDrawer>
      <FormDrawer
        open={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing ? t('plans.service.editAction') : t('plans.service.addAction')}
        form={form}
        initialValues={editing ? { title: editing.title, dueDate: dayjs(editing.dueDate), ownerId: editing.ownerId, status: editing.status } : { ownerId: plan.managerId }}
        saving={add.isPending || update.isPending}
        saveTestId="save-action"
        onSave={async (v) => {
          const body = { title: v.title, dueDate: v.dueDate.format('YYYY-MM-DD'), ownerId: v.ownerId };
          if (editing) await update.mutateAsync({ id: plan.id, actionId: editing.id, version: editing.version, ...body, ...(v.status !== editing.status ? { status: v.status } : {}) });
          else await add.mutateAsync({ id: plan.id, ...body });
          setEditing(undefined);
          void message.success(t('plans.actions.saved'));
        }}
      >
        <Form.Item name="title" label={t('plans.service.action')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={500} data-testid="action-title" />
        </Form.Item>
        <Form.Item name="dueDate" label={t('plans.service.due')} rules={[{ required: true }]}>
          <DatePicker style={{ width: '100%' }} defaultPickerValue={dayjs(localDate(new Date()))} data-testid="action-due" />
        </Form.Item>
        <Form.Item name="ownerId" label={t('plans.service.owner')} rules={[{ required: true }]} extra={t('plans.service.ownerHint')}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={[...owners].map(([value, label]) => ({ value, label }))} data-testid="action-owner" />
        </Form.Item>
        {editing ? (
          <Form.Item name="status" label={t('plans.service.actionStatus')}>
            <Select
              data-testid="action-status"
              options={[
                { value: 'open', label: t('plans.service.open') },
                { value: 'done', label: t('plans.service.done') },
              ]}
            />
          </Form.Item>
        ) : null}
      </FormDrawer>
    </Flex>
  );
};
