import { useState, type ReactNode } from 'react';
import { Badge, Button, Card, Col, Empty, Flex, List, Progress, Row, Skeleton, Tag, Typography } from 'antd';
import { CalendarOutlined, CheckCircleFilled, GiftOutlined, RightOutlined, RollbackOutlined, TeamOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import type { TVisit, TWorkbench, TWorkbenchCustomer } from '@liaison/shared';
import { useWorkbench } from '../../api/visits';
import { useSession } from '../../app/session';
import { LoadError } from '../../components/LoadError';
import { useDictionary } from '../customers/useDictionary';
import { VisitQuickLog, type QuickLogCustomer } from './VisitQuickLog';
import { daysBetween, methodColor, percent, shortTime } from './visitModel';

const Section = ({ title, count, extra, children, testId, icon }: { title: string; count?: number; extra?: ReactNode; children: ReactNode; testId: string; icon?: ReactNode }) => (
  <Card
    size="small"
    title={
      <Flex align="center" gap={8}>
        {icon}
        <span>{title}</span>
        {count !== undefined && <Badge count={count} showZero color={count ? '#cf1322' : '#bfbfbf'} overflowCount={999} />}
      </Flex>
    }
    extra={extra}
    data-testid={testId}
    className="workbench-section"
  >
    {children}
  </Card>
);

const Stat = ({ label, value, sub, percentValue, to }: { label: string; value: ReactNode; sub?: ReactNode; percentValue?: number | null; to?: string }) => {
  const body = (
    <Card size="small" hoverable={Boolean(to)} className="stat-card">
      <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
        <Typography.Text type="secondary" ellipsis>
          {label}
        </Typography.Text>
        <div className="stat-value" data-testid="stat-value">
          {value}
        </div>
        {percentValue !== undefined && <Progress percent={percentValue ?? 0} showInfo={false} size="small" status={percentValue === null ? 'normal' : percentValue >= 90 ? 'success' : 'active'} />}
        {sub && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {sub}
          </Typography.Text>
        )}
      </Flex>
    </Card>
  );
  return to ? (
    <Link to={to} className="stat-link">
      {body}
    </Link>
  ) : (
    body
  );
};

/** A customer that needs contact: who, how overdue, and the one-tap log. */
const DueRow = ({ c, onLog, now }: { c: TWorkbenchCustomer; onLog: (c: TWorkbenchCustomer) => void; now: Date }) => {
  const { t } = useTranslation();
  const tags = [
    c.compliance.onsite.state === 'overdue' && c.compliance.onsite.dueAt ? (
      <Tag color="red" key="o">
        {t('visits.compliance.onsiteOverdue', { days: daysBetween(c.compliance.onsite.dueAt, now) })}
      </Tag>
    ) : c.compliance.onsite.state === 'due' ? (
      <Tag color="orange" key="o">
        {t('visits.compliance.onsiteDue')}
      </Tag>
    ) : null,
    c.compliance.phone.state === 'overdue' && c.compliance.phone.dueAt ? (
      <Tag color="volcano" key="p">
        {t('visits.compliance.phoneOverdue', { days: daysBetween(c.compliance.phone.dueAt, now) })}
      </Tag>
    ) : c.compliance.phone.state === 'due' ? (
      <Tag color="gold" key="p">
        {t('visits.compliance.phoneDue')}
      </Tag>
    ) : null,
  ].filter(Boolean);
  return (
    <List.Item
      className="due-row"
      actions={[
        <Button key="log" type="primary" size="small" onClick={() => onLog(c)} data-testid="log-visit">
          {t('visits.workbench.log')}
        </Button>,
      ]}
    >
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <Flex gap={6} align="center" style={{ minWidth: 0 }}>
          <Link to={`/customers/${c.id}`} className="due-name">
            {c.name}
          </Link>
          {c.grade && <Tag style={{ marginInlineEnd: 0 }}>{c.grade}</Tag>}
        </Flex>
        <Flex gap={4} wrap>
          {tags}
        </Flex>
      </Flex>
    </List.Item>
  );
};

const TodayRow = ({ v, onLog }: { v: TVisit; onLog: (v: TVisit) => void }) => {
  const { t } = useTranslation();
  const { label } = useDictionary();
  const now = new Date();
  return (
    <List.Item
      className="due-row"
      actions={
        v.status === 'planned'
          ? [
              <Button key="log" type="primary" size="small" onClick={() => onLog(v)} data-testid="log-planned">
                {t('visits.workbench.log')}
              </Button>,
            ]
          : [<CheckCircleFilled key="done" style={{ color: '#389e0d', fontSize: 18 }} aria-label={t('visits.status.done')} />]
      }
    >
      <Flex vertical gap={2} style={{ minWidth: 0 }}>
        <Flex gap={6} align="center" style={{ minWidth: 0 }}>
          <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
            {shortTime(v.startAt, now)}
          </Typography.Text>
          <Link to={`/customers/${v.customerId}`} className="due-name">
            {v.customerName}
          </Link>
        </Flex>
        <Flex gap={4} wrap>
          <Tag color={methodColor[v.method]}>{t(`visits.method.${v.method}`)}</Tag>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {label('visitPurpose', v.purpose)}
          </Typography.Text>
        </Flex>
      </Flex>
    </List.Item>
  );
};

const ViewAll = ({ to }: { to: string }) => {
  const { t } = useTranslation();
  return (
    <Link to={to}>
      {t('visits.workbench.viewAll')} <RightOutlined />
    </Link>
  );
};

/**
 * The manager's morning: today's visits with one tap to log each, who is overdue (most overdue
 * first), who is due this week, who is about to be reclaimed, important dates of the week, and
 * how the month and week stand — in that order on a phone, without scrolling past the first two.
 */
export const WorkbenchVisits = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const { data, isPending, error, refetch } = useWorkbench();
  const [logging, setLogging] = useState<{ customer: QuickLogCustomer; planned: TVisit | null } | null>(null);
  const now = new Date();

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending || !data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const wb: TWorkbench = data;
  const logCustomer = (c: TWorkbenchCustomer) =>
    setLogging({ customer: { id: c.id, name: c.name, onsiteDueAt: c.compliance.onsite.dueAt, phoneDueAt: c.compliance.phone.dueAt }, planned: null });
  const logPlanned = (v: TVisit) => setLogging({ customer: { id: v.customerId, name: v.customerName }, planned: v });
  const monthPct = percent(wb.coverage.month.met, wb.coverage.month.subject);
  const weekPct = percent(wb.coverage.week.met, wb.coverage.week.subject);

  const today = (
    <Section title={t('visits.workbench.today')} count={wb.today.filter((v) => v.status === 'planned').length} testId="wb-today" icon={<CalendarOutlined />} extra={<ViewAll to="/calendar" />}>
      {wb.today.length ? (
        <List size="small" dataSource={wb.today} renderItem={(v) => <TodayRow v={v} onLog={logPlanned} />} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Flex vertical gap={2}><span>{t('visits.workbench.todayEmpty')}</span><Typography.Text type="secondary">{t('visits.workbench.todayEmptyHint')}</Typography.Text></Flex>} />
      )}
    </Section>
  );
  const overdue = (
    <Section title={t('visits.workbench.overdue')} count={wb.overdue.count} testId="wb-overdue" icon={<WarningOutlined />} extra={wb.overdue.count > wb.overdue.customers.length ? <ViewAll to="/customers?overdue=any&sort=onsiteDueAt" /> : null}>
      {wb.overdue.customers.length ? (
        <List size="small" dataSource={wb.overdue.customers} renderItem={(c) => <DueRow c={c} onLog={logCustomer} now={now} />} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.workbench.overdueEmpty')} />
      )}
    </Section>
  );
  const dueWeek = (
    <Section title={t('visits.workbench.dueWeek')} count={wb.dueThisWeek.count} testId="wb-due-week">
      {wb.dueThisWeek.customers.length ? (
        <List size="small" dataSource={wb.dueThisWeek.customers} renderItem={(c) => <DueRow c={c} onLog={logCustomer} now={now} />} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.workbench.dueWeekEmpty')} />
      )}
    </Section>
  );
  const reclaim = (
    <Section title={t('visits.workbench.reclaim')} count={wb.reclaim.count} testId="wb-reclaim" icon={<RollbackOutlined />} extra={wb.reclaim.count ? <ViewAll to="/customers?reclaimWarned=true&sort=lastContactAt" /> : null}>
      {wb.reclaim.customers.length ? (
        <List
          size="small"
          dataSource={wb.reclaim.customers}
          renderItem={(c) => (
            <List.Item
              actions={[
                <Button key="log" size="small" onClick={() => setLogging({ customer: { id: c.id, name: c.name }, planned: null })}>
                  {t('visits.workbench.log')}
                </Button>,
              ]}
            >
              <Flex vertical gap={0} style={{ minWidth: 0 }}>
                <Link to={`/customers/${c.id}`} className="due-name">
                  {c.name}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('visits.workbench.reclaimHint', { date: dayjs(c.warnedAt).format('MM-DD') })}
                </Typography.Text>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.workbench.reclaimEmpty')} />
      )}
    </Section>
  );
  const keyDates = (
    <Section title={t('visits.workbench.keyDates')} count={wb.keyDates.length} testId="wb-key-dates" icon={<GiftOutlined />}>
      {wb.keyDates.length ? (
        <List
          size="small"
          dataSource={wb.keyDates}
          renderItem={(d) => (
            <List.Item>
              <Flex vertical gap={0} style={{ minWidth: 0 }}>
                <Flex gap={6} align="center">
                  <Typography.Text strong>{dayjs(d.date).format('MM-DD')}</Typography.Text>
                  <span>{d.kind === 'birthday' ? t('visits.workbench.birthday', { name: d.contactName }) : d.title}</span>
                  {d.lunar && <Tag color="red">{t('visits.workbench.lunar')}</Tag>}
                </Flex>
                <Link to={`/customers/${d.customerId}`} style={{ fontSize: 12 }}>
                  {d.customerName}
                </Link>
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('visits.workbench.keyDatesEmpty')} />
      )}
    </Section>
  );

  return (
    <Flex vertical gap={16}>
      <Row gutter={[12, 12]} data-testid="customer-stats">
        <Col xs={12} lg={6}>
          <Stat label={t('visits.workbench.customers')} value={wb.coverage.customers} to="/customers" sub={t('visits.workbench.overdue') + ' ' + wb.overdue.count} />
        </Col>
        <Col xs={12} lg={6}>
          <Stat label={t('visits.workbench.coverageMonth')} value={monthPct === null ? '—' : `${monthPct}%`} percentValue={monthPct} sub={`${wb.coverage.month.met} / ${wb.coverage.month.subject}`} to="/customers?overdue=onsite&sort=onsiteDueAt" />
        </Col>
        <Col xs={12} lg={6}>
          <Stat label={t('visits.workbench.coverageWeek')} value={weekPct === null ? '—' : `${weekPct}%`} percentValue={weekPct} sub={`${wb.coverage.week.met} / ${wb.coverage.week.subject}`} to="/customers?overdue=phone&sort=phoneDueAt" />
        </Col>
        <Col xs={12} lg={6}>
          <Stat label={t('visits.workbench.visitsWeek')} value={wb.visits.doneThisWeek} sub={t('visits.workbench.doneOfPlanned', { done: wb.visits.doneThisWeek, planned: wb.visits.plannedThisWeek })} to="/visits" />
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={15}>
          <Flex vertical gap={16}>
            {today}
            {overdue}
            {dueWeek}
          </Flex>
        </Col>
        <Col xs={24} lg={9}>
          <Flex vertical gap={16}>
            {reclaim}
            {keyDates}
            {can('team.read') && (
              <Card size="small" title={<Flex gap={8}><TeamOutlined />{t('visits.workbench.team')}</Flex>} extra={<ViewAll to="/team" />}>
                <Typography.Text type="secondary">{t('visits.team.subtitle')}</Typography.Text>
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
      <VisitQuickLog open={Boolean(logging)} onClose={() => setLogging(null)} customer={logging?.customer} planned={logging?.planned} />
    </Flex>
  );
};
