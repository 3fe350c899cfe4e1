import { Button, Card, Empty, Flex, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import { customerStages, type TCustomerStage } from '@liaison/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerHistory, useRegions, type TCustomerEvent } from '../../api/customers';
import { useUsers } from '../../api/users';
import { LoadError } from '../../components/LoadError';
import { formatDateTime, fromNow } from '../../components/format';
import { tKey } from '../../app/i18n';
import { useSession } from '../../app/session';
import { StageTag } from './customerBits';
import { regionLabel } from './customerModel';
import { dictionaryOfField, eventChanges, eventColor, eventDetailKey, isBlankValue } from './timelineModel';
import { useDictionary } from './useDictionary';

const isStage = (v: unknown): v is TCustomerStage => typeof v === 'string' && (customerStages as readonly string[]).includes(v);

/** The customer's history: who did what when, each field change old → new. */
export const CustomerTimeline = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const { data, error, isPending, refetch, hasNextPage, fetchNextPage, isFetchingNextPage } = useCustomerHistory(customerId);
  const { label } = useDictionary();
  const { data: regions = [] } = useRegions();
  // Owners are stored by id; the users in scope give their names.
  const { data: users } = useUsers({ perPage: 200 }, can('user.read'));
  const names = useMemo(() => new Map((users?.data ?? []).map((u) => [u.id, u.displayName])), [users]);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending) return <Skeleton active />;
  const events = data.pages.flatMap((p) => p.data);
  if (!events.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />;

  const value = (field: string, v: unknown) => {
    if (isBlankValue(v)) return <Typography.Text type="secondary">—</Typography.Text>;
    if (field === 'stage' && isStage(v)) return <StageTag stage={v} />;
    if (field === 'ownerId' && typeof v === 'string') return <>{names.get(v) ?? t('timeline.otherUser')}</>;
    if (field === 'regionCode' && typeof v === 'string') return <>{regionLabel(regions, v) || v}</>;
    if (field === 'tags' && Array.isArray(v)) return <>{v.map((x) => label('customerTag', String(x))).join('、')}</>;
    if (typeof v === 'boolean' || field === 'isKey' || field === 'isLocked' || field === 'isPrimary') return <>{v ? t('common.yes') : t('common.no')}</>;
    if (field === 'birthdayCalendar' && (v === 'solar' || v === 'lunar')) return <>{t(`contacts.calendars.${v}`)}</>;
    if (dictionaryOfField[field] && typeof v === 'string') return <>{label(dictionaryOfField[field]!, v)}</>;
    if (typeof v === 'object') return <span className="mono">{JSON.stringify(v)}</span>;
    return <span style={{ wordBreak: 'break-word' }}>{String(v)}</span>;
  };
  // Customer words where the shared field labels speak of users (grade = manager grade there).
  const customerFieldNames: Record<string, string> = { grade: t('customers.grade'), stage: t('customers.stage'), ownerId: t('customers.owner'), phone: t('customers.phone'), purchaseChannel: t('customerForm.purchaseChannel'), salesChannel: t('customerForm.salesChannel') };
  const fieldName = (f: string) => customerFieldNames[f] ?? tKey(t, `fields.${f}`, f);

  const detailText = ({ key, params }: NonNullable<ReturnType<typeof eventDetailKey>>): string => {
    switch (key) {
      case 'revealed':
        return t('timeline.revealed', { field: fieldName((params.field ?? '').replace(/^contact\./, '')) });
      case 'requestField':
        return t('timeline.requestField', { field: tKey(t, `customerDetail.requestFields.${params.field}`, params.field) });
      case 'note':
        return `${t('timeline.note')}: ${params.note}`;
      case 'warning':
        return params.reclaimOn ? t('timeline.warningOn', { days: params.days, idle: params.idleDays, date: params.reclaimOn }) : t('timeline.warning', { days: params.days });
      case 'keyDate':
        return t('timeline.keyDate', { title: params.title, date: params.date });
      case 'contact':
        return t('timeline.contact', { name: params.name });
    }
  };

  const body = (e: TCustomerEvent) => {
    const changes = e.kind === 'created' ? [] : eventChanges(e);
    const extra = eventDetailKey(e);
    return (
      <Flex vertical gap={4} className="timeline-entry" data-testid="timeline-entry">
        <Flex gap={8} align="baseline" wrap>
          <Typography.Text strong>{tKey(t, `timeline.kinds.${e.kind}`, e.kind)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.actorName ?? t('timeline.system')} · <span title={formatDateTime(e.at)}>{fromNow(e.at)}</span>
          </Typography.Text>
        </Flex>
        {changes.length > 0 && (
          <div className="timeline-changes">
            {changes.map((c) => (
              <Flex key={c.field} gap={8} align="center" wrap className="timeline-change">
                <Typography.Text type="secondary" style={{ minWidth: 72 }}>
                  {fieldName(c.field)}
                </Typography.Text>
                <Space size={6} wrap>
                  <span className="timeline-old">{value(c.field, c.old)}</span>
                  <ArrowRightOutlined style={{ fontSize: 11, color: '#bfbfbf' }} />
                  <span>{value(c.field, c.new)}</span>
                </Space>
              </Flex>
            ))}
          </div>
        )}
        {extra && <Typography.Text type="secondary">{detailText(extra)}</Typography.Text>}
        {e.reason && (
          <Typography.Text>
            <Tag variant="filled" style={{ marginInlineEnd: 6 }}>
              {e.kind === 'grade' ? t('gradeExplain.method') : t('timeline.reason')}
            </Tag>
            {e.kind === 'release' ? label('releaseReason', e.reason) : e.kind === 'grade' ? tKey(t, `gradeExplain.methods.${e.reason}`, e.reason) : tKey(t, `timeline.reasons.${e.reason}`, e.reason)}
          </Typography.Text>
        )}
      </Flex>
    );
  };

  return (
    <Card size="small" className="detail-section">
      <Timeline
        className="customer-timeline"
        data-testid="customer-timeline"
        items={events.map((e) => ({ key: e.id, color: eventColor(e.kind), content: body(e) }))}
      />
      {hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void fetchNextPage()} loading={isFetchingNextPage}>
            {t('timeline.loadMore')}
          </Button>
        </Flex>
      )}
    </Card>
  );
};
