import type { ReactNode } from 'react';
import { Empty, Flex, Pagination, Space, Spin, Typography } from 'antd';
import { PhoneOutlined, RightOutlined, UserOutlined } from '@ant-design/icons';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ListPage } from '../../api/client';
import { shortRegion } from './customerModel';
import { GradeBadge, KeyFlag, KindText, LastContact, StageTag, TagList } from './customerBits';
import { CallButton } from './RevealValue';
import { useSession } from '../../app/session';

type Props = {
  page: ListPage<TCustomer> | undefined;
  loading: boolean;
  empty: ReactNode;
  onPage: (page: number) => void;
  /** The pool: no link into a customer not yet yours, a claim button instead. */
  action?: (c: TCustomer) => ReactNode;
  /** The pool: a tap on the card opens a read-only preview. */
  onOpen?: (c: TCustomer) => void;
};

/** On a phone: one card per customer, big enough to tap, name and stage first. */
export const CustomerCards = ({ page, loading, empty, onPage, action, onOpen }: Props) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { me, can } = useSession();
  if (!page && loading)
    return (
      <Flex justify="center" style={{ padding: 32 }}>
        <Spin />
      </Flex>
    );
  if (!page?.data.length) return <div className="customer-cards-empty">{empty ?? <Empty />}</div>;
  return (
    <Spin spinning={loading} delay={200}>
      <Flex vertical gap={8} data-testid="customer-cards">
        {page.data.map((c) => (
          <div
            key={c.id}
            className={`customer-card${action && !onOpen ? '' : ' customer-card-link'}`}
            role={action && !onOpen ? undefined : 'link'}
            tabIndex={action && !onOpen ? undefined : 0}
            onClick={onOpen ? () => onOpen(c) : action ? undefined : () => void navigate(`/customers/${c.id}`)}
            onKeyDown={onOpen ? (e) => e.key === 'Enter' && onOpen(c) : action ? undefined : (e) => e.key === 'Enter' && void navigate(`/customers/${c.id}`)}
            data-testid="customer-card"
          >
            <Flex justify="space-between" align="flex-start" gap={8}>
              <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Space size={6} style={{ minWidth: 0 }}>
                  <Typography.Text strong ellipsis style={{ fontSize: 15, maxWidth: '100%' }}>
                    {c.name}
                  </Typography.Text>
                  <KeyFlag isKey={c.isKey} />
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                  <KindText kind={c.kind} />
                  {c.shortName ? ` · ${c.shortName}` : ''}
                  {c.regionName ? ` · ${shortRegion(c.regionName)}` : ''}
                </Typography.Text>
              </Flex>
              <Space size={6}>
                <StageTag stage={c.stage} />
                {c.grade && <GradeBadge grade={c.grade} />}
                {!action && <RightOutlined style={{ color: '#bfbfbf', fontSize: 12 }} />}
              </Space>
            </Flex>
            <Flex justify="space-between" align="center" gap={8} style={{ marginTop: 8 }} wrap>
              <Space size={12} style={{ fontSize: 13 }}>
                {c.phone && (
                  <Typography.Text type="secondary">
                    <PhoneOutlined /> {c.phone}
                  </Typography.Text>
                )}
                <span>
                  <Typography.Text type="secondary">{t('customers.lastContact')} </Typography.Text>
                  <LastContact at={c.lastContactAt} grade={c.grade} />
                </span>
                {c.ownerId && c.ownerId !== me?.id && (
                  <Typography.Text type="secondary" data-testid="card-owner">
                    <UserOutlined /> {c.ownerName}
                  </Typography.Text>
                )}
              </Space>
              {action ? action(c) : c.phone && can('customer.reveal') && <CallButton customerId={c.id} />}
            </Flex>
            {c.tags.length > 0 && (
              <div style={{ marginTop: 6 }}>
                <TagList tags={c.tags} max={3} />
              </div>
            )}
          </div>
        ))}
        <Pagination
          simple
          align="center"
          current={page.page}
          pageSize={page.perPage}
          total={page.count}
          onChange={onPage}
          showTotal={(total) => (page.countCapped ? t('common.totalCapped', { n: total.toLocaleString('en') }) : t('common.total', { count: total }))}
          style={{ marginTop: 8 }}
        />
      </Flex>
    </Spin>
  );
};
