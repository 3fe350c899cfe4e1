import type { ReactNode } from 'react';
import { Card, Col, Empty, Flex, Row, Space, Tag, Typography } from 'antd';
import { ContainerOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useSession } from '../../app/session';
import { adminGroup, visibleItems } from '../../app/navigation';
import { roleLabel } from '../roles/roleLabel';
import { avatarText } from '../../app/avatarText';
import { dayPart } from './workbenchModel';
import { CustomerStats } from './CustomerStats';
import { WorkbenchTickets } from '../tickets/WorkbenchTickets';
import { WorkbenchVisits } from '../visits/WorkbenchVisits';
import { WorkbenchPlans } from '../plans/WorkbenchPlans';
import { OutboxBanner } from '../visits/OutboxBanner';
import { useIsMobile } from '../../components/useIsMobile';

const Meta = ({ label, children }: { label: string; children: ReactNode }) => (
  <Flex vertical gap={4} className="workbench-meta-item">
    <Typography.Text type="secondary">{label}</Typography.Text>
    <div>{children}</div>
  </Flex>
);

export const WorkbenchPage = () => {
  const { t } = useTranslation();
  const { me, can } = useSession();
  const shortcuts = visibleItems(me, adminGroup.items);
  const now = dayjs();
  const isMobile = useIsMobile();
  const greeting = t(`workbench.${dayPart(now.hour())}`, { name: me.displayName });

  // On a phone at the customer's door the day's work comes first: one line of greeting, no profile.
  if (isMobile && can('visit.read'))
    return (
      <Flex vertical gap={12}>
        <OutboxBanner />
        <Flex justify="space-between" align="baseline" gap={8} className="workbench-greeting-line">
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="greeting">
            {greeting}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {now.format(t('workbench.shortDateFormat'))}
          </Typography.Text>
        </Flex>
        <WorkbenchVisits />
        {can('plan.read') && <WorkbenchPlans />}
      </Flex>
    );

  return (
    <Flex vertical gap={16}>
      <OutboxBanner />
      <Card className="workbench-hero">
        <Flex align="center" gap={16} wrap>
          <div className="workbench-avatar">{avatarText(me.displayName)}</div>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="greeting">
              {greeting}
            </Typography.Title>
            <Typography.Text type="secondary">{t('workbench.today', { date: now.format(t('workbench.dateFormat')) })}</Typography.Text>
          </div>
        </Flex>
        <Flex gap={32} wrap className="workbench-meta">
          <Meta label={t('workbench.orgUnit')}>{me.orgUnit.name}</Meta>
          <Meta label={t('workbench.roles')}>
            <Space size={[4, 4]} wrap>
              {me.roles.map((r) => (
                <Tag key={r.id} color="blue" style={{ marginInlineEnd: 0 }}>
                  {roleLabel(t, r)}
                </Tag>
              ))}
            </Space>
          </Meta>
          {me.grade && <Meta label={t('workbench.grade')}>{t(`grade.${me.grade}`)}</Meta>}
        </Flex>
      </Card>
      {can('plan.read') && <WorkbenchPlans />}
      {can('ticket.read') && <WorkbenchTickets />}
      {can('visit.read') ? (
        <WorkbenchVisits />
      ) : (
        <Row gutter={[16, 16]}>
          {can('customer.read') && (
            <Col xs={24}>
              <CustomerStats />
            </Col>
          )}
          {shortcuts.length > 0 && (
            <Col xs={24} lg={12}>
              <Card title={t('workbench.shortcuts')} styles={{ body: { padding: 8 } }} style={{ height: '100%' }}>
                {shortcuts.map((s) => (
                  <Link key={s.key} to={s.path} className="shortcut-link">
                    <span>{t(`nav.${s.key}`)}</span>
                    <RightOutlined />
                  </Link>
                ))}
              </Card>
            </Col>
          )}
          {!shortcuts.length && !can('customer.read') && (
            <Col xs={24}>
              <Card>
                <Empty
                  image={<ContainerOutlined style={{ fontSize: 56, color: '#9db4d8' }} />}
                  styles={{ image: { height: 64 } }}
                  description={<Typography.Text type="secondary">{t('workbench.nothingHere')}</Typography.Text>}
                />
              </Card>
            </Col>
          )}
        </Row>
      )}
    </Flex>
  );
};
