import { Flex, Tag, Tooltip, Typography } from 'antd';
import { ClockCircleOutlined, PauseCircleOutlined, QuestionCircleOutlined, WarningOutlined } from '@ant-design/icons';
import type { TTicketKind, TTicketListItem, TTicketSeverity, TTicketStatus } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { splitMinutes, shanghaiTime } from './ticketModel';

const severityColor: Record<TTicketSeverity, string> = { general: 'default', major: 'gold', critical: 'orange', urgent: 'red' };
const kindColor: Record<TTicketKind, string> = { complaint: 'magenta', fault: 'volcano', repair: 'geekblue', consultation: 'cyan', suggestion: 'green' };
const statusColor = (s: TTicketStatus) => (s === 'closed' ? 'default' : s === 'accept' || s === 'assign' ? 'processing' : s === 'approve' ? 'purple' : 'blue');

export const KindTag = ({ kind }: { kind: TTicketKind }) => {
  const { t } = useTranslation();
  return (
    <Tag color={kindColor[kind]} variant="filled" style={{ marginInlineEnd: 0 }}>
      {t(`tickets.kinds.${kind}`)}
    </Tag>
  );
};

export const SeverityTag = ({ severity }: { severity: TTicketSeverity }) => {
  const { t } = useTranslation();
  return (
    <Tag color={severityColor[severity]} style={{ marginInlineEnd: 0 }}>
      {t(`tickets.severities.${severity}`)}
    </Tag>
  );
};

export const StatusTag = ({ status }: { status: TTicketStatus }) => {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor(status)} style={{ marginInlineEnd: 0 }} data-testid="ticket-status">
      {t(`tickets.statuses.${status}`)}
    </Tag>
  );
};

/** "3 小时 20 分" on a deadline's clock (days too for wall-clock deadlines). */
export const useClockText = () => {
  const { t } = useTranslation();
  return (minutes: number, natural = false) => {
    const s = splitMinutes(minutes, natural);
    if (s.kind === 'days') return t('tickets.due.days', { days: s.days, hours: s.hours });
    if (s.kind === 'hours') return t('tickets.due.hours', { hours: s.hours, minutes: s.minutes });
    return t('tickets.due.minutes', { count: s.minutes });
  };
};

export const ProvisionalTag = () => {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('tickets.due.provisionalHint')}>
      <Tag color="warning" icon={<QuestionCircleOutlined />} style={{ marginInlineEnd: 0 }} data-testid="provisional">
        {t('tickets.due.provisional')}
      </Tag>
    </Tooltip>
  );
};

/** The list's view of a deadline: when it falls, and whether it is near, breached, paused or provisional. */
export const DueCell = ({ item }: { item: Pick<TTicketListItem, 'resolveDueAt' | 'resolvedAt' | 'nearBreach' | 'breachedAt' | 'waiting' | 'dueProvisional' | 'status'> }) => {
  const { t } = useTranslation();
  if (item.status === 'closed' || item.resolvedAt)
    return <Typography.Text type="secondary">{item.breachedAt ? t('tickets.due.metLate') : t('tickets.due.met')}</Typography.Text>;
  return (
    <Flex gap={4} wrap align="center">
      {item.waiting ? (
        <Tag icon={<PauseCircleOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('tickets.due.paused')}
        </Tag>
      ) : (
        item.resolveDueAt && (
          <Typography.Text type={item.breachedAt ? 'danger' : item.nearBreach ? 'warning' : undefined}>
            <ClockCircleOutlined /> {shanghaiTime(item.resolveDueAt, 'MM-DD HH:mm')}
          </Typography.Text>
        )
      )}
      {item.breachedAt && (
        <Tag color="error" icon={<WarningOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('tickets.due.breached')}
        </Tag>
      )}
      {!item.breachedAt && item.nearBreach && (
        <Tag color="warning" style={{ marginInlineEnd: 0 }}>
          {t('tickets.due.nearBreach')}
        </Tag>
      )}
      {item.dueProvisional && <ProvisionalTag />}
    </Flex>
  );
};
