import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Dropdown, Flex, Skeleton, Space, Tabs, Typography, type MenuProps } from 'antd';
import {
  ArrowLeftOutlined,
  DownloadOutlined,
  EditOutlined,
  FileProtectOutlined,
  MoreOutlined,
  NodeIndexOutlined,
  RollbackOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { apiUrl, isApiError } from '../../api/client';
import { useCustomer } from '../../api/customers';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { NotFound } from '../../components/NotFound';
import { useSession } from '../../app/session';
import { ChangeRequestModal } from './ChangeRequestModal';
import { ContactList } from './ContactList';
import { CustomerForm, type CustomerFormTarget } from './CustomerForm';
import { CustomerOverview } from './CustomerOverview';
import { CustomerTimeline } from './CustomerTimeline';
import { GradeBadge, KeyFlag, KindText, LastContact, StageTag } from './customerBits';
import { KeyDateList } from './KeyDateList';
import { ReleaseModal, type ReleaseTarget } from './ReleaseModal';
import { forgetReveals, RevealValue } from './RevealValue';
import { StageModal } from './StageModal';
import { CustomerVisits, DueTags } from '../visits/CustomerVisits';

// The charts (ECharts) load only when their tab is opened.
const GradeExplanation = lazy(() => import('../grading/GradeExplanation').then((m) => ({ default: m.GradeExplanation })));
const CustomerTickets = lazy(() => import('../tickets/CustomerTickets').then((m) => ({ default: m.CustomerTickets })));
const CustomerFigures = lazy(() => import('./CustomerFigures').then((m) => ({ default: m.CustomerFigures })));

const tabKeys = ['overview', 'visits', 'contacts', 'keyDates', 'timeline', 'tickets', 'grade', 'figures'] as const;
type TabKey = (typeof tabKeys)[number];

const Meta = ({ label, children }: { label: string; children: ReactNode }) => (
  <Flex vertical gap={2} className="customer-meta-item">
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {label}
    </Typography.Text>
    <div>{children}</div>
  </Flex>
);

export const CustomerShow = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can, me } = useSession();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { data: c, isPending, error, refetch } = useCustomer(id);
  const qc = useQueryClient();
  // Revealed values are for this page only: leaving it forgets them.
  useEffect(() => () => forgetReveals(qc, id), [qc, id]);
  const [editing, setEditing] = useState<CustomerFormTarget | null>(null);
  const [stageOpen, setStageOpen] = useState(false);
  const [requestOpen, setRequestOpen] = useState(false);
  const [release, setRelease] = useState<ReleaseTarget | null>(null);
  const tab: TabKey = (tabKeys as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as TabKey) : 'overview';

  if (error && isApiError(error) && error.status === 404)
    return <NotFound subTitle={t('customerDetail.notFound')} backTo="/customers" backLabel={t('customerDetail.back')} />;
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending || !c) return <Card><Skeleton active paragraph={{ rows: 6 }} /></Card>;

  const canEdit = can('customer.update');
  const canRelease = canEdit && Boolean(c.ownerId) && (c.ownerId === me.id || can('pool.manage'));
  const more: MenuProps['items'] = [
    ...(canEdit ? [{ key: 'request', icon: <FileProtectOutlined />, label: t('customerDetail.requestChange') }] : []),
    { key: 'form', icon: <DownloadOutlined />, label: <a href={apiUrl(`/customers/${c.id}/form.xlsx`)}>{t('customerDetail.downloadForm')}</a> },
    ...(canRelease ? [{ type: 'divider' as const }, { key: 'release', icon: <RollbackOutlined />, danger: true, label: t('customers.bulkRelease') }] : []),
  ];
  const onMore: MenuProps['onClick'] = ({ key }) => {
    if (key === 'request') setRequestOpen(true);
    if (key === 'release') setRelease({ customer: c });
  };

  const tabContent: Record<TabKey, ReactNode> = {
    overview: <CustomerOverview customer={c} />,
    visits: <CustomerVisits customer={c} />,
    contacts: <ContactList customerId={c.id} canEdit={canEdit} />,
    keyDates: <KeyDateList customerId={c.id} canEdit={canEdit} />,
    timeline: <CustomerTimeline customerId={c.id} />,
    grade: <GradeExplanation customerId={c.id} />,
    figures: <CustomerFigures customerId={c.id} />,
    tickets: <CustomerTickets customerId={c.id} />,
  };

  return (
    <>
      <Link to="/customers" className="back-link">
        <ArrowLeftOutlined /> {t('customerDetail.back')}
      </Link>
      <Card className="customer-header" data-testid="customer-header">
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <Flex vertical gap={6} style={{ minWidth: 0, flex: '1 1 320px' }}>
            <Flex gap={10} align="center" wrap>
              <Typography.Title level={isMobile ? 5 : 4} style={{ margin: 0 }} data-testid="customer-name">
                {c.name}
              </Typography.Title>
              <KeyFlag isKey={c.isKey} />
              <StageTag stage={c.stage} />
              <GradeBadge grade={c.grade} />
            </Flex>
            <Typography.Text type="secondary">
              <KindText kind={c.kind} />
              {c.shortName ? ` · ${c.shortName}` : ''}
              {c.licenceNo ? ` · ${c.licenceNo}` : c.creditCode ? ` · ${c.creditCode}` : ''}
            </Typography.Text>
          </Flex>
          <Space wrap>
            {canEdit && (
              <Button type="primary" icon={<EditOutlined />} onClick={() => setEditing({ mode: 'edit', customer: c })} data-testid="edit-customer">
                {t('common.edit')}
              </Button>
            )}
            {canEdit && (
              <Button icon={<NodeIndexOutlined />} onClick={() => setStageOpen(true)} data-testid="change-stage">
                {t('customerDetail.changeStage')}
              </Button>
            )}
            <Dropdown menu={{ items: more, onClick: onMore }} trigger={['click']}>
              <Button icon={<MoreOutlined />} data-testid="customer-more">
                {isMobile ? null : t('common.more')}
              </Button>
            </Dropdown>
          </Space>
        </Flex>
        <Flex gap={isMobile ? 16 : 40} wrap className="customer-meta">
          <Meta label={t('customers.owner')}>{c.ownerName ?? <Typography.Text type="secondary">{t('customers.noOwner')}</Typography.Text>}</Meta>
          <Meta label={t('customers.orgUnit')}>{c.orgUnitName}</Meta>
          <Meta label={t('customers.phone')}>
            <RevealValue customerId={c.id} field="phone" value={c.phone} masked={c.masked.includes('phone')} phone />
          </Meta>
          <Meta label={t('customers.lastContact')}>
            <LastContact at={c.lastContactAt} grade={c.grade} />
          </Meta>
          {c.ownerId && (
            <Meta label={t('visits.nav.contactRules')}>
              <DueTags customer={c} />
            </Meta>
          )}
          {!isMobile && <Meta label={t('customers.region')}>{c.regionName ?? '—'}</Meta>}
        </Flex>
      </Card>
      <Tabs
        className="customer-tabs"
        activeKey={tab}
        onChange={(k) => setParams(k === 'overview' ? {} : { tab: k }, { replace: true })}
        items={tabKeys.filter((k) => k !== 'tickets' || can('ticket.read')).map((k) => ({
          key: k,
          label: t(`customerDetail.tabs.${k}`),
          children: (
            <Suspense fallback={<Skeleton active />}>
              {/* Keyed by the customer so a reveal or a half-filled form never carries over. */}
              <div key={c.id}>{tabContent[k]}</div>
            </Suspense>
          ),
        }))}
        destroyOnHidden
      />
      <CustomerForm target={editing} onClose={() => setEditing(null)} />
      <StageModal customer={c} open={stageOpen} onClose={() => setStageOpen(false)} />
      <ChangeRequestModal customer={c} open={requestOpen} onClose={() => setRequestOpen(false)} />
      <ReleaseModal target={release} onClose={() => setRelease(null)} onDone={() => void navigate('/customers')} />
    </>
  );
};
