import { useEffect, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCustomers } from '../../api/customers';
import type { QuickLogCustomer } from './VisitQuickLog';

/** Searches the caller's customers by name, pinyin or initials, as the customer list does. */
export const CustomerPicker = ({ value, onChange, onPick }: { value?: string; onChange?: (v: string) => void; onPick?: (c: QuickLogCustomer | null) => void }) => {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(timer);
  }, [text]);
  const { data, isFetching } = useCustomers({ q: q || undefined, perPage: 20, pool: 'false', sort: 'name' });
  const rows = data?.data ?? [];
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      loading={isFetching}
      placeholder={t('common.search')}
      options={rows.map((c) => ({ value: c.id, label: c.name }))}
      onChange={(id: string) => {
        onChange?.(id);
        const c = rows.find((r) => r.id === id);
        onPick?.(c ? { id: c.id, name: c.name, onsiteDueAt: c.onsiteDueAt, phoneDueAt: c.phoneDueAt } : null);
      }}
      data-testid="customer-picker"
    />
  );
};
