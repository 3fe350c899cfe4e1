import { App, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio, Rate, Select } from 'antd';
import { ticketWaitReasons, type TTicket, type TTicketAction, type TTicketTransitionBody } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { useTransition } from '../../api/tickets';
import { useApiError } from '../../app/useApiError';
import { useDictionary } from '../customers/useDictionary';
import { UserSelect } from '../users/UserSelect';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';

type Values = Record<string, unknown> & { appointment?: [Dayjs, Dayjs]; arrivedAt?: Dayjs };

const text = (max: number) => [{ required: true, whitespace: true }, { max }];

/** Turns the form's values into the transition body the API expects for this action. */
const bodyFor = (action: TTicketAction, v: Values, version: number): TTicketTransitionBody => {
  const { appointment, arrivedAt, ...rest } = v;
  const clean = Object.fromEntries(Object.entries(rest).filter(([, x]) => x !== undefined && x !== ''));
  if (action === 'schedule' && appointment) return { action, version, appointmentStart: appointment[0].toISOString(), appointmentEnd: appointment[1].toISOString() };
  if (action === 'arrive') return { action, version, ...(arrivedAt ? { arrivedAt: arrivedAt.toISOString() } : {}), ...(clean.delayNotified ? { delayNotified: true } : {}) };
  return { action, version, ...clean } as TTicketTransitionBody;
};

/** One form per action; fields named as the API names them, so its field errors land on them. */
export const TicketActionModal = ({ ticket, action, onClose }: { ticket: TTicket; action: TTicketAction | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const transition = useTransition();
  const showError = useApiError();
  const { options } = useDictionary();
  if (!action) return null;

  const submit = async () => {
    const v = await form.validateFields();
    try {
      await transition.mutateAsync({ id: ticket.id, ...bodyFor(action, v, ticket.version) });
      void message.success(t('tickets.actionForm.done', { action: t(`tickets.actions.${action}`) }));
      onClose();
    } catch (err) {
      showError(err, form, { onConflict: onClose });
    }
  };

  const fields: Record<TTicketAction, React.ReactNode> = {
    accept: (
      <Form.Item name="note" label={t('tickets.actionForm.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    ),
    assign: null,
    reassign: null,
    analyse: (
      <>
        <Form.Item name="cause" label={t('tickets.actionForm.cause')} rules={[{ required: true }]}>
          <Select options={options('ticketCause')} data-testid="field-cause" />
        </Form.Item>
        <Form.Item name="analysis" label={t('tickets.actionForm.analysis')} rules={text(4000)}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="field-analysis" />
        </Form.Item>
      </>
    ),
    propose: (
      <Form.Item name="proposal" label={t('tickets.actionForm.proposal')} rules={text(4000)}>
        <Input.TextArea rows={4} maxLength={4000} data-testid="field-proposal" />
      </Form.Item>
    ),
    approve: (
      <>
        <Form.Item name="approved" label={t('tickets.actionForm.decision')} rules={[{ required: true }]} initialValue={true}>
          <Radio.Group
            options={[
              { value: true, label: t('tickets.actionForm.approve') },
              { value: false, label: t('tickets.actionForm.reject') },
            ]}
            data-testid="field-approved"
          />
        </Form.Item>
        <Form.Item name="comment" label={t('tickets.actionForm.comment')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={3} maxLength={2000} data-testid="field-comment" />
        </Form.Item>
      </>
    ),
    implement: (
      <>
        <Form.Item name="implementation" label={t('tickets.actionForm.implementation')} rules={text(4000)}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="field-implementation" />
        </Form.Item>
        {ticket.kind === 'repair' && (
          <Form.Item name="signOffName" label={t('tickets.actionForm.signOffName')} rules={text(50)}>
            <Input maxLength={50} />
          </Form.Item>
        )}
      </>
    ),
    callback: (
      <>
        <Form.Item name="satisfaction" label={t('tickets.actionForm.satisfaction')} rules={[{ required: true }]}>
          <Rate data-testid="field-satisfaction" />
        </Form.Item>
        <Form.Item name="solved" label={t('tickets.actionForm.solved')} rules={[{ required: true }]} initialValue={true}>
          <Radio.Group
            options={[
              { value: true, label: t('tickets.actionForm.solvedYes') },
              { value: false, label: t('tickets.actionForm.solvedNo') },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label={t('tickets.actionForm.note')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="field-note" />
        </Form.Item>
      </>
    ),
    review: (
      <Form.Item name="summary" label={t('tickets.actionForm.summary')} rules={text(4000)}>
        <Input.TextArea rows={4} maxLength={4000} data-testid="field-summary" />
      </Form.Item>
    ),
    answer: (
      <Form.Item name="answer" label={t('tickets.actionForm.answer')} rules={text(4000)}>
        <Input.TextArea rows={4} maxLength={4000} data-testid="field-answer" />
      </Form.Item>
    ),
    sendBack: (
      <Form.Item name="reason" label={t('tickets.actionForm.reason')} rules={text(500)}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    ),
    wait: (
      <>
        <Form.Item name="waitReason" label={t('tickets.actionForm.waitReason')} rules={[{ required: true }]}>
          <Select options={ticketWaitReasons.map((r) => ({ value: r, label: t(`tickets.waitReasons.${r}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('tickets.actionForm.note')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </>
    ),
    resume: (
      <Form.Item name="note" label={t('tickets.actionForm.note')}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    ),
    reopen: (
      <Form.Item name="reason" label={t('tickets.actionForm.reason')} rules={text(500)}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    ),
    schedule: (
      <Form.Item name="appointment" label={t('tickets.actionForm.appointment')} rules={[{ required: true }]}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
      </Form.Item>
    ),
    arrive: (
      <>
        <Form.Item name="arrivedAt" label={t('tickets.actionForm.arrivedAt')} initialValue={dayjs()}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="delayNotified" valuePropName="checked">
          <Checkbox>{t('tickets.actionForm.delayNotified')}</Checkbox>
        </Form.Item>
      </>
    ),
    confirmFee: (
      <>
        <Form.Item name="fee" label={t('tickets.actionForm.fee')} rules={[{ required: true }]}>
          <InputNumber min={0} max={10_000_000} precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="agreed" valuePropName="checked" rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('tickets.actionForm.agreed')))) }]}>
          <Checkbox>{t('tickets.actionForm.agreed')}</Checkbox>
        </Form.Item>
      </>
    ),
  };
  const assignFields = (
    <>
      <Form.Item name="assigneeId" label={t('tickets.actionForm.assignee')} rules={[{ required: true }]}>
        <UserSelect data-testid="field-assignee" />
      </Form.Item>
      <Form.Item name="orgUnitId" label={t('tickets.actionForm.orgUnit')} extra={t('tickets.actionForm.orgUnitHint')}>
        <OrgUnitTreeSelect allowClear />
      </Form.Item>
      <Form.Item name={action === 'assign' ? 'note' : 'reason'} label={action === 'assign' ? t('tickets.actionForm.note') : t('tickets.actionForm.reason')} rules={action === 'reassign' ? text(500) : [{ max: 2000 }]}>
        <Input.TextArea rows={2} maxLength={2000} />
      </Form.Item>
    </>
  );

  return (
    <Modal
      open
      title={t(`tickets.actions.${action}`)}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={transition.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'action-submit' } as never}
      width={560}
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="action-form">
        {action === 'assign' || action === 'reassign' ? assignFields : fields[action]}
      </Form>
    </Modal>
  );
};
