import { useDeferredValue, useState } from 'react';
import { Button, DatePicker, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditQuery } from '../../api/auditLog';
import { useUsers } from '../../api/users';
import { useSession } from '../../app/session';
import { tKey } from '../../app/i18n';
import { hasAuditFilters, knownActions, knownEntities } from './auditModel';
import { FilterBar } from '../../components/FilterBar';

type Props = { query: AuditQuery; onChange: (patch: Partial<AuditQuery>) => void; actorName?: string };

export const AuditFilters = ({ query, onChange, actorName }: Props) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search);
  const { data: users, isFetching } = useUsers({ q: deferred || undefined, perPage: 20 }, can('user.read'));

  const actorOptions = (users?.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }));
  if (query.actorId && !actorOptions.some((o) => o.value === query.actorId))
    actorOptions.unshift({ value: query.actorId, label: actorName ?? query.actorId });

  const range: [Dayjs, Dayjs] | null = query.from && query.to ? [dayjs(query.from), dayjs(query.to).subtract(1, 'day')] : null;

  return (
    <FilterBar testId="audit-filters" active={[query.actorId, query.action, query.entity, query.from].filter(Boolean).length}>
      {can('user.read') && (
        <Select
          allowClear
          showSearch={{ filterOption: false, onSearch: setSearch }}
          loading={isFetching}
          placeholder={t('audit.filterActor')}
          value={query.actorId}
          options={actorOptions}
          onChange={(v) => onChange({ actorId: v })}
          style={{ width: 220 }}
        />
      )}
      <Select
        allowClear
        placeholder={t('audit.filterAction')}
        value={query.action}
        options={knownActions.map((a) => ({ value: a, label: tKey(t, `audit.actions.${a}`, a) }))}
        onChange={(v) => onChange({ action: v })}
        style={{ width: 150 }}
        data-testid="audit-action-filter"
      />
      <Select
        allowClear
        placeholder={t('audit.filterEntity')}
        value={query.entity}
        options={knownEntities.map((e) => ({ value: e, label: tKey(t, `audit.entities.${e}`, e) }))}
        onChange={(v) => onChange({ entity: v })}
        style={{ width: 150 }}
      />
      <DatePicker.RangePicker
        value={range}
        placeholder={[t('audit.startDate'), t('audit.endDate')]}
        onChange={(v) =>
          onChange(
            v && v[0] && v[1]
              ? { from: v[0].startOf('day').toISOString(), to: v[1].add(1, 'day').startOf('day').toISOString() }
              : { from: undefined, to: undefined },
          )
        }
        style={{ width: 280 }}
      />
      {hasAuditFilters(query) && (
        <Button type="link" onClick={() => onChange({ actorId: undefined, action: undefined, entity: undefined, entityId: undefined, from: undefined, to: undefined })}>
          {t('users.clearFilters')}
        </Button>
      )}
    </FilterBar>
  );
};
