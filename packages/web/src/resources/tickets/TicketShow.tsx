import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, Image, Rate, Row, Skeleton, Space, Steps, Tag, Timeline, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, PauseCircleOutlined, RiseOutlined, UploadOutlined, WarningOutlined } from '@ant-design/icons';
import type { TTicket, TTicketAction, TTicketEvent } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { apiUrl, isApiError } from '../../api/client';
import { useTicket, useTicketAttachments, useTicketEvents, useUploadTicketPhoto } from '../../api/tickets';
import { LoadError } from '../../components/LoadError';
import { NotFound } from '../../components/NotFound';
import { useIsMobile } from '../../components/useIsMobile';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { useDictionary } from '../customers/useDictionary';
import { KindTag, ProvisionalTag, SeverityTag, StatusTag, useClockText } from './ticketBits';
import { TicketActionModal } from './TicketActionModal';
import { primaryAction, stepStates, shanghaiTime } from './ticketModel';

const fmt = (iso: string | null | undefined) => shanghaiTime(iso);

/** One deadline: when, how much is left on its clock, and why it falls there. */
const DeadlineCard = ({ title, d, testId }: { title: string; d: TTicket['resolution']; testId: string }) => {
  const { t } = useTranslation();
  const clock = useClockText();
  const natural = d.unit === 'naturalHours' || d.unit === 'naturalDays';
  let state: ReactNode;
  if (d.metAt) state = <Tag color={d.breached ? 'error' : 'success'}>{d.breached ? t('tickets.due.metLate') : t('tickets.due.met')}</Tag>;
  else if (d.dueAt === null) state = <Tag icon={<PauseCircleOutlined />}>{t('tickets.due.paused')}</Tag>;
  else if (d.breached) state = <Tag color="error" icon={<WarningOutlined />}>{t('tickets.due.overdue', { time: clock(d.remainingMinutes ?? 0, natural) })}</Tag>;
  else state = <Tag color="processing">{t('tickets.due.remaining', { time: clock(d.remainingMinutes ?? 0, natural) })}</Tag>;
  return (
    <Card size="small" title={title} extra={<Space size={4}>{d.provisional && <ProvisionalTag />}{state}</Space>} data-testid={testId}>
      <Flex vertical gap={8}>
        <Typography.Text>
          <Typography.Text type="secondary">{t(`tickets.units.${d.unit}`, { amount: d.amount })} · </Typography.Text>
          <Typography.Text strong>{d.dueAt ? fmt(d.dueAt) : '—'}</Typography.Text>
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('tickets.detail.explanation')}
        </Typography.Text>
        <ul className="ticket-explanation" data-testid={`${testId}-explanation`}>
          {d.explanation.map((line, i) => (
            <li key={i} className={i === 0 ? 'headline' : undefined}>
              {line}
            </li>
          ))}
        </ul>
      </Flex>
    </Card>
  );
};

const eventLabel = (t: (k: string, o?: Record<string, unknown>) => string, e: TTicketEvent) => {
  const known = ['create', 'update', 'attach', 'handover', 'responseBreached', 'nearBreach', 'breached', 'escalated'];
  if (known.includes(e.action)) return t(`tickets.history.events.${e.action}`);
  return t(`tickets.actions.${e.action}`);
};

export const TicketShow = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data: ticket, isPending, error, refetch } = useTicket(id);
  const events = useTicketEvents(id);
  const photos = useTicketAttachments(id);
  const upload = useUploadTicketPhoto();
  const { label } = useDictionary();
  const [action, setAction] = useState<TTicketAction | null>(null);

  if (error && isApiError(error) && error.status === 404) return <NotFound subTitle={t('tickets.detail.notFound')} backTo="/tickets" backLabel={t('tickets.detail.back')} />;
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending || !ticket) return <Card><Skeleton active paragraph={{ rows: 8 }} /></Card>;

  const history = events.data ?? [];
  const stepInfo = (step: string) => [...history].reverse().find((e) => e.action === step || (step === 'closed' && e.toStatus === 'closed'));
  const primary = primaryAction(ticket);
  const others = ticket.actions.filter((a) => a !== primary);
  const canUpload = ticket.status !== 'closed' && (can('ticket.create') || can('ticket.handle'));

  const detailItems = [
    { key: 'customer', label: t('tickets.detail.customer'), children: can('customer.read') ? <Link to={`/customers/${ticket.customerId}`}>{ticket.customerName}</Link> : ticket.customerName },
    { key: 'contact', label: t('tickets.detail.contact'), children: ticket.contactName ?? '—' },
    { key: 'channel', label: t('tickets.detail.channel'), children: t(`tickets.channels.${ticket.channel}`) },
    { key: 'createdBy', label: t('tickets.detail.createdBy'), children: `${ticket.createdByName} · ${fmt(ticket.createdAt)}` },
    { key: 'description', label: t('tickets.detail.description'), children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{ticket.description}</Typography.Paragraph>, span: 2 },
    ...(ticket.cause ? [{ key: 'cause', label: t('tickets.detail.cause'), children: label('ticketCause', ticket.cause), span: 2 }] : []),
    ...(ticket.analysis ? [{ key: 'analysis', label: t('tickets.detail.analysis'), children: ticket.analysis, span: 2 }] : []),
    ...(ticket.proposal ? [{ key: 'proposal', label: t('tickets.detail.proposal'), children: ticket.proposal, span: 2 }] : []),
    ...(ticket.approvalComment ? [{ key: 'approvalComment', label: t('tickets.detail.approvalComment'), children: ticket.approvalComment, span: 2 }] : []),
    ...(ticket.implementation ? [{ key: 'implementation', label: t('tickets.detail.implementation'), children: ticket.implementation, span: 2 }] : []),
    ...(ticket.answer ? [{ key: 'answer', label: t('tickets.detail.answer'), children: ticket.answer, span: 2 }] : []),
    ...(ticket.satisfaction !== null
      ? [
          {
            key: 'callback',
            label: t('tickets.detail.callback'),
            children: (
              <Space wrap>
                <Rate disabled value={ticket.satisfaction} />
                <Tag color={ticket.solved ? 'success' : 'error'}>{ticket.solved ? t('tickets.detail.solved') : t('tickets.detail.unsolved')}</Tag>
                {ticket.callbackNote}
              </Space>
            ),
            span: 2,
          },
        ]
      : []),
    ...(ticket.summary ? [{ key: 'summary', label: t('tickets.detail.summary'), children: ticket.summary, span: 2 }] : []),
  ];

  return (
    <>
      <Link to="/tickets" className="back-link">
        <ArrowLeftOutlined /> {t('tickets.detail.back')}
      </Link>
      <Card className="ticket-header" data-testid="ticket-header">
        <Flex vertical gap={8}>
          <Flex gap={8} align="center" wrap>
            <Typography.Title level={isMobile ? 5 : 4} style={{ margin: 0 }} data-testid="ticket-title">
              {ticket.title}
            </Typography.Title>
            <StatusTag status={ticket.status} />
            <KindTag kind={ticket.kind} />
            <SeverityTag severity={ticket.severity} />
            {ticket.reopenCount > 0 && <Tag color="orange">{t('tickets.detail.reopened', { count: ticket.reopenCount })}</Tag>}
            {ticket.escalationLevel > 0 && (
              <Tag color="red" icon={<RiseOutlined />}>
                {t('tickets.due.escalated', { level: ticket.escalationLevel, unit: ticket.escalationUnitName ?? '' })}
              </Tag>
            )}
          </Flex>
          <Typography.Text type="secondary">
            {ticket.number} · {ticket.customerName} · {t('tickets.detail.owner')} {ticket.ownerName}（{ticket.orgUnitName}）
          </Typography.Text>
          {ticket.waiting && (
            <Alert
              type="info"
              showIcon
              icon={<PauseCircleOutlined />}
              message={t('tickets.detail.waiting', { reason: t(`tickets.waitReasons.${ticket.waiting.reason}`) })}
              description={`${t('tickets.detail.waitingSince', { since: fmt(ticket.waiting.since) })} · ${ticket.waiting.pausesClock ? t('tickets.detail.pausesClock') : t('tickets.detail.clockRuns')}`}
            />
          )}
        </Flex>
      </Card>
      <Card size="small" title={t('tickets.detail.flow')} style={{ marginTop: 16 }}>
        <Steps
          size="small"
          direction={isMobile ? 'vertical' : 'horizontal'}
          responsive={false}
          items={stepStates(ticket.path, ticket.status).map(({ step, state }) => {
            const e = state === 'finish' ? stepInfo(step) : undefined;
            return {
              title: t(`tickets.steps.${step}`),
              status: state,
              description: e ? (
                <span className="ticket-step-desc">
                  {e.actorName ?? ''}
                  <br />
                  {shanghaiTime(e.at, 'MM-DD HH:mm')}
                </span>
              ) : undefined,
            };
          })}
          data-testid="ticket-steps"
        />
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={16} style={{ order: isMobile ? 2 : 1 }}>
          <Flex vertical gap={16}>
            <Row gutter={[16, 16]}>
              <Col xs={24} md={12}>
                <DeadlineCard title={t('tickets.detail.response')} d={ticket.response} testId="deadline-response" />
              </Col>
              <Col xs={24} md={12}>
                <DeadlineCard title={t('tickets.detail.resolution')} d={ticket.resolution} testId="deadline-resolution" />
              </Col>
            </Row>
            <Card size="small" title={t('tickets.detail.details')}>
              <Descriptions column={isMobile ? 1 : 2} size="small" items={detailItems} data-testid="ticket-details" />
            </Card>
            {ticket.repair && (
              <Card size="small" title={t('tickets.detail.repair')}>
                <Descriptions
                  column={isMobile ? 1 : 2}
                  size="small"
                  items={[
                    { key: 'a', label: t('tickets.detail.appointment'), children: ticket.repair.appointmentStart ? `${fmt(ticket.repair.appointmentStart)} – ${shanghaiTime(ticket.repair.appointmentEnd).slice(11)}` : '—' },
                    {
                      key: 'b',
                      label: t('tickets.detail.arrivedAt'),
                      children: ticket.repair.arrivedAt ? (
                        <Space wrap>
                          {fmt(ticket.repair.arrivedAt)}
                          <Tag color={ticket.repair.late ? 'error' : 'success'}>{ticket.repair.late ? t('tickets.detail.late') : t('tickets.detail.onTime')}</Tag>
                          {ticket.repair.delayNotified && <Tag>{t('tickets.detail.delayNotified')}</Tag>}
                        </Space>
                      ) : (
                        '—'
                      ),
                    },
                    { key: 'c', label: t('tickets.detail.fee'), children: ticket.repair.fee !== null ? `¥${ticket.repair.fee.toFixed(2)} · ${t('tickets.detail.feeConfirmed')}` : '—' },
                    { key: 'd', label: t('tickets.detail.signOff'), children: ticket.repair.signOffName ? `${ticket.repair.signOffName} · ${fmt(ticket.repair.signOffAt)}` : '—' },
                  ]}
                />
              </Card>
            )}
            <Card
              size="small"
              title={t('tickets.detail.photos')}
              extra={
                canUpload && (
                  <Upload
                    accept="image/jpeg,image/png,image/webp"
                    showUploadList={false}
                    beforeUpload={(file) => {
                      upload.mutate({ id: ticket.id, file }, { onError: (err) => showError(err), onSuccess: () => void message.success(t('common.saved')) });
                      return false;
                    }}
                  >
                    <Button size="small" icon={<UploadOutlined />} loading={upload.isPending}>
                      {t('tickets.detail.addPhoto')}
                    </Button>
                  </Upload>
                )
              }
            >
              {photos.data?.length ? (
                <Image.PreviewGroup>
                  <Space wrap>
                    {photos.data.map((p) => (
                      <Image key={p.id} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} src={apiUrl(`/tickets/${ticket.id}/attachments/${p.id}`)} alt={p.fileName} />
                    ))}
                  </Space>
                </Image.PreviewGroup>
              ) : (
                <Typography.Text type="secondary">{t('tickets.detail.noPhotos')}</Typography.Text>
              )}
            </Card>
            <Card size="small" title={t('tickets.detail.history')} data-testid="ticket-history">
              {history.length ? (
                <Timeline
                  items={history.map((e) => ({
                    color: ['breached', 'responseBreached', 'escalated'].includes(e.action) ? 'red' : e.action === 'nearBreach' ? 'orange' : 'blue',
                    children: (
                      <Flex vertical gap={2}>
                        <Typography.Text strong>
                          {eventLabel(t as never, e)}
                          {e.action === 'approve' && e.detail && e.detail.approved === false ? ` · ${t('tickets.actionForm.reject')}` : ''}
                        </Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {e.actorName ?? t('tickets.history.system')} · {fmt(e.at)}
                          {e.ownerName && ['assign', 'reassign', 'accept', 'handover'].includes(e.action) ? ` · ${t('tickets.history.to', { name: e.ownerName })}` : ''}
                        </Typography.Text>
                        {e.reason && <Typography.Text>{e.reason}</Typography.Text>}
                      </Flex>
                    ),
                  }))}
                />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tickets.history.empty')} />
              )}
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={8} style={{ order: isMobile ? 1 : 2 }}>
          <Card size="small" title={t('tickets.detail.nextAction')} data-testid="ticket-actions" className="ticket-actions-card">
            {ticket.actions.length ? (
              <Flex vertical gap={8}>
                {primary && (
                  <Button type="primary" block size="large" onClick={() => setAction(primary)} data-testid={`action-${primary}`}>
                    {t(`tickets.actions.${primary}`)}
                  </Button>
                )}
                <Flex gap={8} wrap>
                  {others.map((a) => (
                    <Button key={a} onClick={() => setAction(a)} danger={a === 'sendBack'} data-testid={`action-${a}`}>
                      {t(`tickets.actions.${a}`)}
                    </Button>
                  ))}
                </Flex>
              </Flex>
            ) : (
              <Flex vertical gap={4}>
                <Typography.Text strong>{ticket.status === 'closed' ? t('tickets.detail.closedHint') : t('tickets.detail.noAction')}</Typography.Text>
                {ticket.status !== 'closed' && <Typography.Text type="secondary">{t('tickets.detail.noActionHint', { owner: ticket.ownerName, unit: ticket.orgUnitName })}</Typography.Text>}
              </Flex>
            )}
          </Card>
        </Col>
      </Row>
      <TicketActionModal ticket={ticket} action={action} onClose={() => setAction(null)} />
    </>
  );
};
