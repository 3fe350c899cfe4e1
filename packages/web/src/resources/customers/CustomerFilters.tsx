import { useEffect, useState, type ReactNode } from 'react';
import { Button, Input, Select } from 'antd';
import { DownOutlined, UpOutlined } from '@ant-design/icons';
import { customerKinds, customerStages } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { FilterBar } from '../../components/FilterBar';
import { useIsMobile } from '../../components/useIsMobile';
import { useGradingRules } from '../../api/grading';
import { useRegions } from '../../api/customers';
import { useSession } from '../../app/session';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';
import { UserSelect } from '../users/UserSelect';
import { RegionCascader } from './RegionCascader';
import { activeFilterCount, clearedFilters, hasCustomerFilters, idleDayPresets, regionPath, type CustomerListState } from './customerModel';
import { useDictionary } from './useDictionary';

type Props = {
  state: CustomerListState;
  onChange: (patch: Partial<CustomerListState>) => void;
  /** The pool lists customers nobody owns: no owner or org unit filters there. */
  mode?: 'customers' | 'pool';
  /** Extra filters placed first (the pool picker). */
  leading?: ReactNode;
  testId?: string;
};

const multi = { mode: 'multiple' as const, allowClear: true, maxTagCount: 'responsive' as const };

/** The customer list filters of SPEC §2.1; the less used ones fold away on desktop. */
export const CustomerFilters = ({ state, onChange, mode = 'customers', leading, testId = 'customer-filters' }: Props) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { me } = useSession();
  const { options } = useDictionary();
  const { data: rules } = useGradingRules();
  const { data: regions = [] } = useRegions();
  const [text, setText] = useState(state.q ?? '');
  const [searches, setSearches] = useState(0);
  useEffect(() => setText(state.q ?? ''), [state.q]);
  const leaderView = mode === 'customers' && me.permissions['customer.read'] !== undefined && me.permissions['customer.read'] !== 'self';
  const secondaryActive = Boolean(
    state.kind?.length || state.businessFormat?.length || state.marketType?.length || state.tag?.length || state.regionCode || state.ownerId || state.orgUnitId,
  );
  const [expanded, setExpanded] = useState(secondaryActive);
  const showSecondary = isMobile || expanded;

  const primary = (
    <>
      {leading}
      <Select
        {...multi}
        placeholder={t('customers.filterStage')}
        value={state.stage ?? []}
        onChange={(v) => onChange({ stage: v.length ? v : undefined })}
        options={customerStages.map((s) => ({ value: s, label: t(`customers.stages.${s}`) }))}
        style={{ width: 140 }}
        data-testid="filter-stage"
      />
      <Select
        {...multi}
        placeholder={t('customers.filterGrade')}
        value={state.grade ?? []}
        onChange={(v) => onChange({ grade: v.length ? v : undefined })}
        options={(rules?.grades ?? ['A', 'B', 'C', 'D']).map((g) => ({ value: g, label: g }))}
        style={{ width: 110 }}
      />
      <Select
        allowClear
        placeholder={t('customers.filterKey')}
        value={state.isKey}
        onChange={(v) => onChange({ isKey: v })}
        options={[
          { value: 'true', label: t('customers.keyOnly') },
          { value: 'false', label: t('customers.notKey') },
        ]}
        style={{ width: 130 }}
      />
      {mode === 'customers' && (
        <Select
          allowClear
          placeholder={t('customers.filterIdle')}
          value={state.idleDays}
          onChange={(v) => onChange({ idleDays: v })}
          options={[...new Set([...idleDayPresets, ...(state.idleDays ? [state.idleDays] : [])])]
            .sort((a, b) => a - b)
            .map((d) => ({ value: d, label: t('customers.idleDays', { count: d }) }))}
          style={{ width: 170 }}
          data-testid="filter-idle"
        />
      )}
      {mode === 'customers' && (
        <Select
          allowClear
          placeholder={t('customers.filterOverdue')}
          value={state.overdue}
          onChange={(v) => onChange({ overdue: v })}
          options={(['any', 'onsite', 'phone'] as const).map((o) => ({ value: o, label: t(`customers.overdue.${o}`) }))}
          style={{ width: 150 }}
          data-testid="filter-overdue"
        />
      )}
    </>
  );

  const secondary = (
    <>
      <Select
        {...multi}
        placeholder={t('customers.filterKind')}
        value={state.kind ?? []}
        onChange={(v) => onChange({ kind: v.length ? v : undefined })}
        options={customerKinds.map((k) => ({ value: k, label: t(`customers.kinds.${k}`) }))}
        style={{ width: 140 }}
      />
      <Select
        {...multi}
        placeholder={t('customers.filterBusinessFormat')}
        value={state.businessFormat ?? []}
        onChange={(v) => onChange({ businessFormat: v.length ? v : undefined })}
        options={options('businessFormat')}
        style={{ width: 150 }}
      />
      <Select
        {...multi}
        placeholder={t('customers.filterMarketType')}
        value={state.marketType ?? []}
        onChange={(v) => onChange({ marketType: v.length ? v : undefined })}
        options={options('marketType')}
        style={{ width: 150 }}
      />
      <Select
        {...multi}
        placeholder={t('customers.filterTag')}
        value={state.tag ?? []}
        onChange={(v) => onChange({ tag: v.length ? v : undefined })}
        options={options('customerTag')}
        style={{ width: 150 }}
      />
      <RegionCascader
        changeOnSelect
        allowClear
        placeholder={t('customers.filterRegion')}
        value={regionPath(regions, state.regionCode)}
        onChange={(path) => onChange({ regionCode: path.at(-1) })}
        style={{ width: 220 }}
      />
      {leaderView && (
        <>
          <UserSelect allowClear placeholder={t('customers.filterOwner')} value={state.ownerId} onChange={(v) => onChange({ ownerId: v || undefined })} style={{ width: 150 }} />
          <OrgUnitTreeSelect allowClear placeholder={t('customers.filterOrgUnit')} value={state.orgUnitId} onChange={(v) => onChange({ orgUnitId: v || undefined })} style={{ width: 180 }} />
        </>
      )}
    </>
  );

  return (
    <FilterBar
      testId={testId}
      active={activeFilterCount(state)}
      collapseOn={searches}
      search={
        <Input.Search
          allowClear
          placeholder={t('customers.searchPlaceholder')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(q) => {
            onChange({ q: q.trim() || undefined });
            setSearches((n) => n + 1);
          }}
          style={{ width: isMobile ? '100%' : 260 }}
          data-testid="customer-search"
          enterButton={!isMobile}
        />
      }
    >
      {primary}
      {showSecondary && secondary}
      {!isMobile && (
        <Button type="link" onClick={() => setExpanded((e) => !e)} icon={expanded ? <UpOutlined /> : <DownOutlined />} iconPlacement="end" style={{ paddingInline: 4 }}>
          {expanded ? t('customers.lessFilters') : t('customers.moreFilters')}
        </Button>
      )}
      {hasCustomerFilters(state) && (
        <Button type="link" onClick={() => onChange(clearedFilters())} style={{ paddingInline: 4 }}>
          {t('customers.clearFilters')}
        </Button>
      )}
    </FilterBar>
  );
};
