import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Input, InputNumber, List, Progress, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, FileExcelOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import dayjs from 'dayjs';
import { addDays, isoWeekMonday, visitMethods, type TPlanDetail, type TPlanTarget, type TVisitMethod, type TVisitStatus } from '@liaison/shared';
import { apiUrl } from '../../api/client';
import { useAddPlanVisit, useIndicators, usePlan, useTransitionCheck, useTransitionPlan, useUpdatePlan } from '../../api/plans';
import { currentLocale } from '../../app/i18n';
import { useApiError } from '../../app/useApiError';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { useDictionary } from '../customers/useDictionary';
import { CustomerPicker } from '../visits/CustomerPicker';
import { beijing, dueText, fmtValue, PlanStatusTag } from './planModel';

type EditValues = {
  keyActions?: string;
  analysisCustomer?: string;
  analysisProduct?: string;
  analysisMarket?: string;
  improvements?: string;
  workItems?: { text: string; day?: number | null }[];
  targets?: { indicatorId: string; target: number }[];
};

const EditDrawer = ({ plan, open, onClose }: { plan: TPlanDetail; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const showError = useApiError();
  const { message } = App.useApp();
  const update = useUpdatePlan();
  const indicators = useIndicators();
  const [form] = Form.useForm<EditValues>();
  const en = currentLocale() === 'en-US';
  const weekIndicators = (indicators.data ?? []).filter((i) => i.enabled && i.source === 'computed');
  const save = async (v: EditValues) => {
    try {
      await update.mutateAsync({
        id: plan.id,
        version: plan.version,
        ...(plan.kind === 'month'
          ? { keyActions: v.keyActions ?? null, analysisCustomer: v.analysisCustomer ?? null, analysisProduct: v.analysisProduct ?? null, analysisMarket: v.analysisMarket ?? null, improvements: v.improvements ?? null }
          : { workItems: (v.workItems ?? []).filter((w) => w?.text?.trim()).map((w) => ({ text: w.text, day: w.day ?? null })), targets: (v.targets ?? []).filter((x) => x?.indicatorId) }),
      });
      void message.success(t('plans.actions.saved'));
      onClose();
    } catch (e) {
      showError(e, form, { onConflict: onClose });
    }
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={t('plans.actions.edit')}
      width={isMobile ? '100%' : 560}
      destroyOnHidden
      extra={
        <Button type="primary" loading={update.isPending} onClick={() => form.submit()} data-testid="save-plan">
          {t('plans.actions.save')}
        </Button>
      }
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        initialValues={{
          keyActions: plan.keyActions ?? undefined,
          analysisCustomer: plan.analysisCustomer ?? undefined,
          analysisProduct: plan.analysisProduct ?? undefined,
          analysisMarket: plan.analysisMarket ?? undefined,
          improvements: plan.improvements ?? undefined,
          workItems: plan.workItems.length ? plan.workItems : [{ text: '', day: null }],
          targets: plan.targets.map((x) => ({ indicatorId: x.indicatorId, target: x.target ?? 0 })),
        }}
      >
        {plan.kind === 'month' ? (
          <>
            <Form.Item name="keyActions" label={t('plans.detail.keyActions')}>
              <Input.TextArea rows={3} maxLength={4000} />
            </Form.Item>
            <Form.Item name="analysisCustomer" label={t('plans.detail.analysisCustomer')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="analysisProduct" label={t('plans.detail.analysisProduct')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="analysisMarket" label={t('plans.detail.analysisMarket')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="improvements" label={t('plans.detail.improvements')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </>
        ) : (
          <>
            <Typography.Title level={5}>{t('plans.detail.workItems')}</Typography.Title>
            <Form.List name="workItems">
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  {fields.map((f) => (
                    <Flex key={f.key} gap={8} align="flex-start">
                      <Form.Item name={[f.name, 'day']} style={{ width: 90, marginBottom: 8 }}>
                        <Select allowClear placeholder={t('plans.actions.day')} options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: t(`plans.weekday.${String(d) as '1'}`) }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'text']} style={{ flex: 1, marginBottom: 8 }}>
                        <Input maxLength={500} data-testid="work-item" />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                    </Flex>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ text: '', day: null })}>
                    {t('plans.actions.addItem')}
                  </Button>
                </Flex>
              )}
            </Form.List>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('plans.detail.targets')}
            </Typography.Title>
            <Form.List name="targets">
              {(fields, { add, remove }) => (
                <Flex vertical gap={4}>
                  {fields.map((f) => (
                    <Flex key={f.key} gap={8}>
                      <Form.Item name={[f.name, 'indicatorId']} style={{ flex: 1, marginBottom: 8 }}>
                        <Select options={weekIndicators.map((i) => ({ value: i.id, label: `${en ? i.nameEn : i.nameZh}（${i.unit}）` }))} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'target']} style={{ width: 110, marginBottom: 8 }}>
                        <InputNumber min={0} style={{ width: '100%' }} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label="remove" />
                    </Flex>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ target: 0 })}>
                    {t('plans.fields.indicator')}
                  </Button>
                </Flex>
              )}
            </Form.List>
          </>
        )}
      </Form>
    </Drawer>
  );
};

const AddVisitDrawer = ({ plan, open, onClose }: { plan: TPlanDetail; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const showError = useApiError();
  const add = useAddPlanVisit();
  const { options } = useDictionary();
  const [form] = Form.useForm<{ customerId: string; startAt: dayjs.Dayjs; method: string; purpose: string }>();
  const monday = isoWeekMonday(plan.period);
  return (
    <Drawer open={open} onClose={onClose} title={t('plans.detail.addVisit')} width={isMobile ? '100%' : 480} destroyOnHidden>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ method: 'onsite', purpose: 'followUp' }}
        onFinish={async (v) => {
          try {
            await add.mutateAsync({ id: plan.id, customerId: v.customerId, startAt: v.startAt.toISOString(), method: v.method as (typeof visitMethods)[number], purpose: v.purpose });
            form.resetFields();
            onClose();
          } catch (e) {
            showError(e, form);
          }
        }}
      >
        <Form.Item name="customerId" label={t('plans.actions.customer')} rules={[{ required: true }]}>
          <CustomerPicker />
        </Form.Item>
        <Form.Item name="startAt" label={t('plans.actions.time')} rules={[{ required: true }]}>
          <DatePicker
            showTime={{ format: 'HH:mm', minuteStep: 15 }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            disabledDate={(d) => d.format('YYYY-MM-DD') < monday || d.format('YYYY-MM-DD') > addDays(monday, 6)}
            defaultPickerValue={dayjs(`${monday}T09:00`)}
          />
        </Form.Item>
        <Form.Item name="method" label={t('plans.actions.method')}>
          <Select options={visitMethods.map((m) => ({ value: m, label: t(`visits.method.${m}`) }))} />
        </Form.Item>
        <Form.Item name="purpose" label={t('plans.actions.purpose')}>
          <Select options={options('visitPurpose')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending} block>
          {t('plans.actions.save')}
        </Button>
      </Form>
    </Drawer>
  );
};

const TargetsCard = ({ plan }: { plan: TPlanDetail }) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const en = currentLocale() === 'en-US';
  const name = (x: TPlanTarget) => (en ? x.nameEn : x.nameZh);
  const bar = (x: TPlanTarget) => (x.completion == null ? '—' : <Progress percent={Math.min(100, x.completion)} format={() => `${x.completion}%`} size="small" status={x.completion >= 100 ? 'success' : x.completion < 60 ? 'exception' : 'normal'} />);
  return (
    <Card size="small" title={t('plans.detail.targets')} extra={plan.targets.some((x) => x.frozen) ? <Tag color="purple">{t('plans.detail.frozen')}</Tag> : null}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('plans.detail.targetsHint')}
      </Typography.Paragraph>
      {!plan.targets.length ? (
        <Empty description={t('plans.detail.noTargets')} />
      ) : isMobile ? (
        <List
          dataSource={plan.targets}
          renderItem={(x) => (
            <List.Item>
              <Flex vertical style={{ width: '100%' }} gap={2}>
                <Flex justify="space-between">
                  <Typography.Text strong>{name(x)}</Typography.Text>
                  <Typography.Text>
                    {fmtValue(x.actual, x.unit)} / {fmtValue(x.target, x.unit)} {x.unit === '%' ? '' : x.unit}
                  </Typography.Text>
                </Flex>
                {bar(x)}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Table
          rowKey="indicatorId"
          size="small"
          pagination={false}
          dataSource={plan.targets}
          data-testid="plan-targets"
          columns={[
            { title: t('plans.fields.indicator'), key: 'n', render: (x: TPlanTarget) => `${name(x)}（${x.unit}）` },
            { title: t('plans.fields.target'), key: 't', render: (x: TPlanTarget) => fmtValue(x.target, x.unit) },
            { title: t('plans.fields.actual'), key: 'a', render: (x: TPlanTarget) => fmtValue(x.actual, x.unit) },
            { title: t('plans.fields.completion'), key: 'c', width: 200, render: bar },
            { title: t('plans.fields.gap'), key: 'g', render: (x: TPlanTarget) => fmtValue(x.gap, x.unit) },
          ]}
        />
      )}
    </Card>
  );
};

/** One plan (Form 2 or 3) with its check (Form 5 or 6): the targets and what happened, notes, visits, approval. */
export const PlanShow = () => {
  const { id } = useParams();
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const { label } = useDictionary();
  const { data: plan, error, refetch } = usePlan(id);
  const transition = useTransitionPlan();
  const check = useTransitionCheck();
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [checkForm] = Form.useForm<{ explanation?: string; improvement?: string }>();
  if (error && !plan) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!plan) return <Card loading />;

  const askComment = (title: string, onOk: (comment: string) => Promise<unknown>) => {
    let comment = '';
    modal.confirm({
      title,
      content: <Input.TextArea rows={3} placeholder={t('plans.actions.commentPlaceholder')} onChange={(e) => (comment = e.target.value)} data-testid="return-comment" />,
      okText: t('plans.actions.return'),
      cancelText: t('plans.actions.cancel'),
      onOk: () => onOk(comment).catch((e) => showError(e)),
    });
  };
  const act = async (body: Parameters<typeof transition.mutateAsync>[0], done: string) => {
    try {
      await transition.mutateAsync(body);
      void message.success(done);
    } catch (e) {
      showError(e);
    }
  };
  const form = plan.kind === 'month' ? 'monthly' : 'weekly';
  const periodText = plan.kind === 'month' ? plan.period : `${plan.period}（${isoWeekMonday(plan.period)} ~ ${addDays(isoWeekMonday(plan.period), 6)}）`;

  return (
    <Flex vertical gap={16} className="plan-page">
      <PageHeader
        title={
          <Space wrap>
            <span>{`${t(`plans.kind.${plan.kind}`)} · ${plan.managerName}`}</span>
            <PlanStatusTag plan={plan} />
          </Space>
        }
        description={`${plan.orgUnitName} · ${periodText} · ${t('plans.dueBy', { time: dueText(plan.dueAt) })}`}
        extra={
          <>
            {plan.can.edit && <Button onClick={() => setEditing(true)}>{t('plans.actions.edit')}</Button>}
            {plan.can.submit && (
              <Button type="primary" loading={transition.isPending} onClick={() => void act({ id: plan.id, action: 'submit', version: plan.version }, t('plans.actions.submitted'))} data-testid="submit-plan">
                {plan.status === 'returned' ? t('plans.actions.resubmit') : t('plans.actions.submit')}
              </Button>
            )}
            {plan.can.decide && (
              <>
                <Button type="primary" onClick={() => void act({ id: plan.id, action: 'approve', version: plan.version }, t('plans.actions.approved'))} data-testid="approve-plan">
                  {t('plans.actions.approve')}
                </Button>
                <Button danger onClick={() => askComment(t('plans.actions.returnTitle'), (comment) => transition.mutateAsync({ id: plan.id, action: 'return', version: plan.version, comment }))} data-testid="return-plan">
                  {t('plans.actions.return')}
                </Button>
              </>
            )}
            <Button icon={<FileExcelOutlined />} href={apiUrl(`/forms/${form}-plan.xlsx`, { planId: plan.id })}>
              {t('plans.detail.planForm')}
            </Button>
            <Button icon={<FileExcelOutlined />} href={apiUrl(`/forms/${form}-achievement.xlsx`, { planId: plan.id })}>
              {t('plans.detail.checkForm')}
            </Button>
            <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
              {t('plans.detail.print')}
            </Button>
          </>
        }
      />
      {plan.status === 'returned' && plan.leaderComment && <Alert type="warning" showIcon message={t('plans.detail.leaderComment')} description={plan.leaderComment} data-testid="leader-comment" />}
      <TargetsCard plan={plan} />
      {plan.kind === 'month' ? (
        <Card size="small" title={t('plans.detail.plan135')}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('plans.detail.keyActions')}>{plan.keyActions ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.developCustomers')}>
              {plan.developCustomers.length ? plan.developCustomers.map((c) => <Link key={c.id} to={`/customers/${c.id}`} style={{ marginRight: 8 }}>{c.name}</Link>) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.analysisCustomer')}>{plan.analysisCustomer ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.analysisProduct')}>{plan.analysisProduct ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.analysisMarket')}>{plan.analysisMarket ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.improvements')}>{plan.improvements ?? '—'}</Descriptions.Item>
          </Descriptions>
        </Card>
      ) : (
        <>
          <Card size="small" title={t('plans.detail.workItems')}>
            {plan.workItems.length ? (
              <List size="small" dataSource={plan.workItems} renderItem={(w, i) => <List.Item>{`${i + 1}. ${w.day ? `${t(`plans.weekday.${String(w.day) as '1'}`)} · ` : ''}${w.text}`}</List.Item>} />
            ) : (
              <Empty description={t('plans.detail.noWorkItems')} />
            )}
          </Card>
          <Card
            size="small"
            title={t('plans.detail.visits')}
            extra={plan.can.edit ? <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>{t('plans.detail.addVisit')}</Button> : null}
          >
            {plan.visitSummary && <Typography.Paragraph type="secondary">{t('plans.detail.visitSummary', plan.visitSummary)}</Typography.Paragraph>}
            {plan.visits.some((v) => v.planned) ? (
              <List
                size="small"
                dataSource={plan.visits.filter((v) => v.planned)}
                data-testid="plan-visits"
                renderItem={(v) => (
                  <List.Item>
                    <Flex justify="space-between" wrap gap={8} style={{ width: '100%' }}>
                      <Flex vertical gap={0}>
                        <Link to={`/customers/${v.customerId}`}>{v.customerName}</Link>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {beijing(v.startAt)} · {t(`visits.method.${v.method as TVisitMethod}`)} · {label('visitPurpose', v.purpose)}
                        </Typography.Text>
                      </Flex>
                      <Space size={4}>
                        <Tag color={v.planned ? 'blue' : 'default'}>{v.planned ? t('plans.detail.plannedTag') : t('plans.detail.addedTag')}</Tag>
                        <Tag color={v.status === 'done' ? 'green' : v.status === 'missed' ? 'red' : undefined}>{t(`visits.status.${v.status as TVisitStatus}`)}</Tag>
                      </Space>
                    </Flex>
                  </List.Item>
                )}
              />
            ) : (
              <Empty description={t('plans.detail.noVisits')} />
            )}
          </Card>
        </>
      )}
      <Card size="small" title={t('plans.detail.check')} extra={<Tag>{t(`plans.checkStatus.${plan.checkStatus}`)}</Tag>}>
        {plan.can.submitCheck ? (
          <Form
            form={checkForm}
            layout="vertical"
            initialValues={{ explanation: plan.checkExplanation ?? undefined, improvement: plan.checkImprovement ?? undefined }}
            onFinish={async (v) => {
              try {
                await check.mutateAsync({ id: plan.id, action: 'submit', version: plan.version, explanation: v.explanation ?? null, improvement: v.improvement ?? null });
              } catch (e) {
                showError(e, checkForm);
              }
            }}
          >
            <Form.Item name="explanation" label={t('plans.detail.explanation')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Form.Item name="improvement" label={t('plans.detail.improvement')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={check.isPending}>
              {t('plans.actions.submitCheck')}
            </Button>
          </Form>
        ) : (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('plans.detail.explanation')}>{plan.checkExplanation ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.improvement')}>{plan.checkImprovement ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('plans.detail.checkComment')}>{plan.checkComment ?? '—'}</Descriptions.Item>
          </Descriptions>
        )}
        {plan.checkStatus === 'open' && !plan.can.submitCheck && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('plans.detail.checkHint')}
          </Typography.Text>
        )}
        {plan.can.decideCheck && (
          <Space style={{ marginTop: 12 }}>
            <Button type="primary" onClick={() => check.mutateAsync({ id: plan.id, action: 'approve', version: plan.version }).catch((e) => showError(e))}>
              {t('plans.actions.approveCheck')}
            </Button>
            <Button danger onClick={() => askComment(t('plans.actions.returnCheck'), (comment) => check.mutateAsync({ id: plan.id, action: 'return', version: plan.version, comment }))}>
              {t('plans.actions.returnCheck')}
            </Button>
          </Space>
        )}
      </Card>
      <Card size="small" title={t('plans.detail.history')}>
        {plan.history.length ? (
          <Timeline
            data-testid="plan-history"
            items={plan.history.map((h) => ({
              color: h.action.includes('return') ? 'orange' : h.action.includes('approve') ? 'green' : 'blue',
              children: (
                <Flex vertical gap={0}>
                  <Typography.Text>
                    {t(`plans.history.${h.action}`, { defaultValue: h.action })} {h.actorName ? `· ${h.actorName}` : ''}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {beijing(h.at)}
                  </Typography.Text>
                  {h.comment && <Typography.Text>{h.comment}</Typography.Text>}
                </Flex>
              ),
            }))}
          />
        ) : (
          <Empty description={t('plans.status.draft')} />
        )}
      </Card>
      {/* The paper form's signature lines, on the printed page only. */}
      <Flex className="print-only" justify="space-between" gap={32} style={{ marginTop: 32 }} data-testid="print-signatures">
        {[t('plans.detail.signManager'), t('plans.detail.signLeader')].map((who) => (
          <Typography.Text key={who}>
            {who}＿＿＿＿＿＿ {t('plans.detail.signDate')}＿＿＿＿年＿＿月＿＿日
          </Typography.Text>
        ))}
      </Flex>
      {editing && <EditDrawer plan={plan} open={editing} onClose={() => setEditing(false)} />}
      {adding && <AddVisitDrawer plan={plan} open={adding} onClose={() => setAdding(false)} />}
    </Flex>
  );
};
