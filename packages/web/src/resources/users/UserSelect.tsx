import { useEffect, useMemo, useState } from 'react';
import { Select, type SelectProps } from 'antd';
import type { TUser } from '@liaison/shared';
import { useUser, useUsers } from '../../api/users';

type Props = Omit<SelectProps<string>, 'options' | 'onSearch' | 'filterOption' | 'showSearch' | 'mode'> & {
  /** Users who cannot be chosen here (e.g. the departing manager as their own successor). */
  excludeIds?: string[];
};

/** Picks one active user in the caller's scope; typing searches the server by name or username. */
export const UserSelect = ({ excludeIds, value, ...props }: Props) => {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 250);
    return () => clearTimeout(t);
  }, [text]);
  const { data, isFetching } = useUsers({ q: q || undefined, status: 'active', perPage: 100, sort: 'displayName' });
  const listed = useMemo(() => data?.data ?? [], [data]);
  const needsOwn = Boolean(value) && !listed.some((u) => u.id === value);
  const { data: chosen } = useUser(needsOwn ? (value as string) : undefined);

  const options = useMemo(() => {
    const users: TUser[] = [...listed];
    if (chosen && !users.some((u) => u.id === chosen.id)) users.unshift(chosen);
    return users
      .filter((u) => !excludeIds?.includes(u.id))
      .map((u) => ({ value: u.id, label: u.displayName, title: `${u.displayName}（${u.username}）`, desc: u.orgUnitName }));
  }, [listed, chosen, excludeIds]);

  return (
    <Select<string>
      showSearch={{ filterOption: false, onSearch: setText }}
      loading={isFetching}
      value={value}
      options={options}
      optionRender={(o) => (
        <span>
          {o.label} <span style={{ color: '#8c8c8c', fontSize: 12 }}>· {String(o.data.desc)}</span>
        </span>
      )}
      onOpenChange={(open) => !open && setText('')}
      {...props}
    />
  );
};
