import { useState } from 'react';
import { Button, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import type { TCustomer } from '@liaison/shared';
import { useVisits } from '../../api/visits';
import { useSession } from '../../app/session';
import { useDictionary } from '../customers/useDictionary';
import { VisitDetail } from './VisitDetail';
import { VisitQuickLog } from './VisitQuickLog';
import { dueTags, methodColor, statusColor } from './visitModel';

/** The frequency standing of a customer: 上门逾期 36 天 / 本周需电话, as tags. */
export const DueTags = ({ customer }: { customer: Pick<TCustomer, 'onsiteDueAt' | 'phoneDueAt'> }) => {
  const { t } = useTranslation();
  const tags = dueTags(customer, new Date());
  if (!tags.length) return <Typography.Text type="secondary">{t('visits.compliance.none')}</Typography.Text>;
  return (
    <Flex gap={4} wrap data-testid="due-tags">
      {tags.map((d) =>
        d.state === 'overdue' ? (
          <Tag key={d.kind} color="red">
            {t(d.kind === 'onsite' ? 'visits.compliance.onsiteOverdue' : 'visits.compliance.phoneOverdue', { days: d.days })}
          </Tag>
        ) : (
          <Tag key={d.kind} color={d.state === 'due' ? 'orange' : 'green'}>
            {t(`visits.compliance.${d.kind}`)} · {d.state === 'due' ? t('visits.compliance.dueBy', { date: dayjs(d.dueAt).subtract(1, 'minute').format('MM-DD') }) : t('visits.compliance.met')}
          </Tag>
        ),
      )}
    </Flex>
  );
};

/** A customer's visits, newest first, with the one-tap log. */
export const CustomerVisits = ({ customer }: { customer: TCustomer }) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const { label } = useDictionary();
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const [logging, setLogging] = useState(false);
  const { data, isPending } = useVisits({ customerId: customer.id, page, perPage: 10 });
  return (
    <Card
      size="small"
      title={<DueTags customer={customer} />}
      extra={
        can('visit.create') && (
          <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setLogging(true)} data-testid="customer-log-visit">
            {t('visits.workbench.logVisit')}
          </Button>
        )
      }
    >
      <List
        loading={isPending}
        dataSource={data?.data ?? []}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.list.empty')} /> }}
        pagination={data && data.totalPages > 1 ? { current: page, pageSize: 10, total: data.count, size: 'small', onChange: setPage } : false}
        renderItem={(v) => (
          <List.Item onClick={() => setOpen(v.id)} style={{ cursor: 'pointer' }}>
            <Flex vertical gap={2} style={{ minWidth: 0 }}>
              <Flex gap={6} wrap align="center">
                <Typography.Text strong>{dayjs(v.startAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                <Tag color={methodColor[v.method]}>{t(`visits.method.${v.method}`)}</Tag>
                <Tag color={statusColor[v.status]}>{t(`visits.status.${v.status}`)}</Tag>
                <Typography.Text type="secondary">
                  {label('visitPurpose', v.purpose)} · {v.managerName}
                </Typography.Text>
              </Flex>
              {(v.learned ?? v.outcome) && <Typography.Text ellipsis>{v.learned ?? v.outcome}</Typography.Text>}
            </Flex>
          </List.Item>
        )}
      />
      <VisitDetail id={open} onClose={() => setOpen(null)} />
      <VisitQuickLog open={logging} onClose={() => setLogging(false)} customer={{ id: customer.id, name: customer.name, onsiteDueAt: customer.onsiteDueAt, phoneDueAt: customer.phoneDueAt }} />
    </Card>
  );
};
