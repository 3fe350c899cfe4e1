import { useEffect, useState } from 'react';
import { Button, Input, Select } from 'antd';
import { userStatuses } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import type { UserQuery } from '../../api/users';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';
import { RoleSelect } from './RoleSelect';
import { hasFilters } from './userModel';
import { FilterBar } from '../../components/FilterBar';

type Props = { query: UserQuery; onChange: (patch: Partial<UserQuery>) => void };

export const UserFilters = ({ query, onChange }: Props) => {
  const { t } = useTranslation();
  const [text, setText] = useState(query.q ?? '');
  useEffect(() => setText(query.q ?? ''), [query.q]);

  return (
    <FilterBar
      testId="user-filters"
      active={[query.orgUnitId, query.roleId, query.status].filter(Boolean).length}
      search={
        <Input.Search
          allowClear
          placeholder={t('users.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(q) => onChange({ q: q.trim() || undefined })}
          style={{ width: 240 }}
          data-testid="user-search"
        />
      }
    >
      <OrgUnitTreeSelect
        allowClear
        placeholder={t('users.filterOrgUnit')}
        value={query.orgUnitId}
        onChange={(v) => onChange({ orgUnitId: v || undefined })}
        style={{ width: 200 }}
      />
      <RoleSelect
        allowClear
        placeholder={t('users.filterRole')}
        value={query.roleId}
        onChange={(v) => onChange({ roleId: (v as string | undefined) || undefined })}
        style={{ width: 160 }}
      />
      <Select
        allowClear
        placeholder={t('users.filterStatus')}
        value={query.status}
        onChange={(v) => onChange({ status: v })}
        options={userStatuses.map((s) => ({ value: s, label: t(`users.statuses.${s}`) }))}
        style={{ width: 130 }}
      />
      {hasFilters(query) && (
        <Button type="link" onClick={() => onChange({ q: undefined, orgUnitId: undefined, roleId: undefined, status: undefined })}>
          {t('users.clearFilters')}
        </Button>
      )}
    </FilterBar>
  );
};
