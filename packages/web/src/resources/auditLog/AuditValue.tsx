import { Flex, Space, Tag, Typography } from 'antd';
import type { Grant } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { tKey } from '../../app/i18n';
import { formatDateTime } from '../../components/format';
import { isIsoTime } from './auditModel';

const flagFields = new Set(['mustChangePassword', 'enabled', 'builtin', 'isKey', 'isLocked', 'locked']);

export type Lookups = { orgUnits: Map<string, string>; roles: Map<string, string> };

const isGrantList = (v: unknown): v is Grant[] =>
  Array.isArray(v) && v.every((g) => g && typeof g === 'object' && 'permission' in g && 'dataScope' in g);

/** One old or new value of a change, shown in words where the field is known. */
export const AuditValue = ({ field, value, lookups }: { field: string; value: unknown; lookups: Lookups }) => {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
  // Flags come back as 0/1 from some databases; they read as yes/no all the same.
  if (typeof value === 'boolean' || (flagFields.has(field) && (value === 0 || value === 1)))
    return <>{value ? t('common.yes') : t('common.no')}</>;
  if (isGrantList(value))
    return (
      <Space size={[4, 4]} wrap>
        {value.map((g) => (
          <Tag key={g.permission}>
            {tKey(t, `permissions.${g.permission}`, g.permission)} · {tKey(t, `scopes.${g.dataScope}`, g.dataScope)}
          </Tag>
        ))}
      </Space>
    );
  if (field === 'roleIds' && Array.isArray(value))
    return (
      <Space size={[4, 4]} wrap>
        {value.map((id) => (
          <Tag key={String(id)}>{lookups.roles.get(String(id)) ?? String(id)}</Tag>
        ))}
      </Space>
    );
  if ((field === 'orgUnitId' || field === 'parentId') && typeof value === 'string') return <>{lookups.orgUnits.get(value) ?? value}</>;
  if (typeof value === 'string') {
    const known =
      field === 'status' ? `users.statuses.${value}` : field === 'grade' ? `grade.${value}` : field === 'kind' ? `orgUnits.kinds.${value}` : field === 'locale' ? `lang.${value}` : field === 'reason' ? `audit.reasons.${value}` : null;
    if (known) return <>{tKey(t, known, value)}</>;
    if (isIsoTime(value)) return <>{formatDateTime(value)}</>;
    return <span style={{ wordBreak: 'break-word' }}>{value}</span>;
  }
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v)))
    return <>{value.length ? value.map((v) => (typeof v === 'string' && isIsoTime(v) ? formatDateTime(v) : String(v))).join('、') : '—'}</>;
  if (typeof value === 'object') {
    // A nested record (an export's filter, a job's counts): one "label：value" line per key, never JSON.
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i + 1), v] as const) : Object.entries(value as Record<string, unknown>);
    if (!entries.length) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Flex vertical gap={2} className="audit-nested">
        {entries.map(([k, v]) => (
          <span key={k}>
            <Typography.Text type="secondary">{tKey(t, `fields.${k}`, k)}：</Typography.Text>
            <AuditValue field={k} value={v} lookups={lookups} />
          </span>
        ))}
      </Flex>
    );
  }
  return <>{String(value)}</>;
};
