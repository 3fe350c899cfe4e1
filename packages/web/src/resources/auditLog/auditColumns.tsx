import type { ReactNode } from 'react';
import { Flex, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { describeDetail, type TAuditEntry } from '@liaison/shared';
import { currentLocale, tKey } from '../../app/i18n';
import { formatDateTime } from '../../components/format';
import { actionColor, summaryOf as recordSummary } from './auditModel';

/** The record's name, else the entry's facts in words (an export's count and filter, a job's counts). */
const summaryOf = (e: TAuditEntry): string | null =>
  recordSummary(e) ?? (describeDetail(e.detail, currentLocale()) || null);

const actor = (t: TFunction, e: TAuditEntry): ReactNode =>
  e.actorName ?? <Typography.Text type="secondary">{e.action === 'login_failed' ? t('audit.anonymous') : t('audit.system')}</Typography.Text>;

const actionTag = (t: TFunction, a: string) => <Tag color={actionColor(a)}>{tKey(t, `audit.actions.${a}`, a)}</Tag>;
const entityLabel = (t: TFunction, entity: string) => tKey(t, `audit.entities.${entity}`, entity);

/** The desktop table: one column per fact. */
export const auditColumns = (t: TFunction): TableColumnsType<TAuditEntry> => [
  { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
  { title: t('audit.actor'), key: 'actor', width: 150, render: (_, e) => actor(t, e) },
  { title: t('audit.action'), dataIndex: 'action', width: 130, render: (a: string) => actionTag(t, a) },
  { title: t('audit.entity'), dataIndex: 'entity', width: 120, render: (v: string) => entityLabel(t, v) },
  {
    title: t('audit.summary'),
    key: 'summary',
    render: (_, e) => {
      const s = summaryOf(e);
      return s ? (
        <Typography.Text ellipsis={{ tooltip: s }} style={{ maxWidth: 360 }}>
          {s}
        </Typography.Text>
      ) : (
        <Typography.Text type="secondary">—</Typography.Text>
      );
    },
  },
  { title: t('audit.ip'), dataIndex: 'ip', width: 140, render: (v: string | null) => <span className="mono">{v ?? '—'}</span> },
];

/** On a phone one stacked column replaces six narrow ones. */
export const auditMobileColumns = (t: TFunction): TableColumnsType<TAuditEntry> => [
  {
    key: 'entry',
    render: (_, e) => {
      const s = summaryOf(e);
      return (
        <Flex vertical gap={4}>
          <Flex gap={6} align="center" wrap>
            {actionTag(t, e.action)}
            <span>{entityLabel(t, e.entity)}</span>
            {s && <Typography.Text strong>{s}</Typography.Text>}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDateTime(e.at)} · {actor(t, e)}
          </Typography.Text>
        </Flex>
      );
    },
  },
];
