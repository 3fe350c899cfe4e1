import type { ReactNode } from 'react';
import { Flex, Space, Typography, type TableColumnsType } from 'antd';
import type { TCustomer } from '@liaison/shared';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { GradeBadge, KeyFlag, KindText, LastContact, StageTag, TagList } from './customerBits';
import { shortRegion, sortOrderOf } from './customerModel';

type Options = {
  t: TFunction;
  sort: string | undefined;
  /** The pool shows no owner and links nowhere (the customer is not yet the caller's). */
  mode?: 'customers' | 'pool';
  /** Leaders see whose customer it is; a manager sees only their own, so the column would say nothing. */
  showOwner?: boolean;
  action?: (c: TCustomer) => ReactNode;
  /** The pool: the name opens a read-only preview instead of the customer page. */
  onOpen?: (c: TCustomer) => void;
};

export const CustomerName = ({ c, link = true, onOpen }: { c: TCustomer; link?: boolean; onOpen?: (c: TCustomer) => void }) => (
  <Flex vertical gap={2} style={{ minWidth: 0 }}>
    <Space size={6}>
      {onOpen ? (
        <Typography.Link strong onClick={() => onOpen(c)} className="customer-name-link" data-testid="pool-preview-link">
          {c.name}
        </Typography.Link>
      ) : link ? (
        <Link to={`/customers/${c.id}`} className="customer-name-link">
          {c.name}
        </Link>
      ) : (
        <Typography.Text strong>{c.name}</Typography.Text>
      )}
      <KeyFlag isKey={c.isKey} />
    </Space>
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {c.shortName ? `${c.shortName} · ` : ''}
      <KindText kind={c.kind} />
    </Typography.Text>
  </Flex>
);

/** The desktop table; the sortable columns are the API's `name` (pinyin) and `lastContactAt`. */
/**
 * Widths add up to fit the list card at 1280 px (about 910 px inside it): with the owner column
 * (leaders) the others give way so 标签 is never clipped.
 */
export const customerColumns = ({ t, sort, mode = 'customers', showOwner = false, action, onOpen }: Options): TableColumnsType<TCustomer> => {
  const w = showOwner ? { name: 200, owner: 110, region: 110, last: 96, tags: 150 } : { name: 240, owner: 0, region: 140, last: 110, tags: 190 };
  return [
  {
    title: t('customers.name'),
    dataIndex: 'name',
    key: 'name',
    sorter: mode === 'customers',
    sortOrder: mode === 'customers' ? sortOrderOf(sort, 'name') : undefined,
    width: w.name,
    render: (_: string, c) => <CustomerName c={c} link={mode === 'customers'} onOpen={onOpen} />,
  },
  { title: t('customers.stage'), dataIndex: 'stage', width: 76, render: (s: TCustomer['stage']) => <StageTag stage={s} /> },
  { title: t('customers.grade'), dataIndex: 'grade', width: 64, align: 'center', render: (g: string | null) => <GradeBadge grade={g} /> },
  ...(mode === 'customers' && showOwner
    ? [
        {
          title: t('customers.owner'),
          dataIndex: 'ownerName',
          width: w.owner,
          render: (v: string | null, c: TCustomer) => (
            <Flex vertical>
              {v ?? <Typography.Text type="secondary">{t('customers.noOwner')}</Typography.Text>}
              <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                {c.orgUnitName}
              </Typography.Text>
            </Flex>
          ),
        },
      ]
    : []),
  {
    title: t('customers.region'),
    dataIndex: 'regionName',
    width: w.region,
    ellipsis: true,
    render: (v: string | null) => (v ? shortRegion(v) : <Typography.Text type="secondary">—</Typography.Text>),
  },
  {
    title: t('customers.lastContact'),
    dataIndex: 'lastContactAt',
    key: 'lastContactAt',
    width: w.last,
    sorter: mode === 'customers',
    sortOrder: mode === 'customers' ? sortOrderOf(sort, 'lastContactAt') : undefined,
    render: (v: string | null, c: TCustomer) => <LastContact at={v} grade={c.grade} />,
  },
  { title: t('customers.tags'), dataIndex: 'tags', width: w.tags, render: (tags: string[]) => <TagList tags={tags} max={2} /> },
  ...(action ? [{ title: t('common.actions'), key: 'actions', width: 90, fixed: 'right' as const, render: (_: unknown, c: TCustomer) => action(c) }] : []),
  ];
};
