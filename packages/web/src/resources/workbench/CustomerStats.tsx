import { useMemo, type ReactNode } from 'react';
import { Card, Col, Row, Skeleton, Typography } from 'antd';
import { ClockCircleOutlined, RollbackOutlined, SolutionOutlined, StarOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCustomerCountShown as useCustomerCount } from '../../api/customers';
import { useSession } from '../../app/session';
import { lastContactBefore } from '../customers/customerModel';

const IDLE_DAYS = 30;

const Stat = ({ to, icon, label, value, tone }: { to: string; icon: ReactNode; label: string; value: number | string | undefined; tone: string }) => (
  <Link to={to} className="stat-link">
    <Card hoverable className="stat-card">
      <div className="stat-icon" style={{ color: tone, background: `${tone}14` }}>
        {icon}
      </div>
      <div style={{ minWidth: 0 }}>
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div className="stat-value" data-testid="stat-value">
          {value === undefined ? <Skeleton.Button active size="small" /> : value}
        </div>
      </div>
    </Card>
  </Link>
);

/** Four numbers that open the customer list already filtered. */
export const CustomerStats = () => {
  const { t } = useTranslation();
  const { me } = useSession();
  const before = useMemo(() => lastContactBefore(IDLE_DAYS, new Date()), []);
  const all = useCustomerCount({});
  const keyIdle = useCustomerCount({ isKey: 'true', lastContactBefore: before });
  const idle = useCustomerCount({ lastContactBefore: before });
  const warned = useCustomerCount({ reclaimWarned: 'true' });
  const own = me.permissions['customer.read'] === 'self';
  return (
    <Row gutter={[16, 16]} data-testid="customer-stats">
      <Col xs={24} sm={12} lg={6}>
        <Stat to="/customers" icon={<SolutionOutlined />} label={own ? t('workbenchCustomers.myCustomers') : t('workbenchCustomers.scopeCustomers')} value={all.data} tone="#1f5fc4" />
      </Col>
      <Col xs={24} sm={12} lg={6}>
        <Stat to={`/customers?isKey=true&idleDays=${IDLE_DAYS}`} icon={<StarOutlined />} label={t('workbenchCustomers.keyIdle')} value={keyIdle.data} tone="#d46b08" />
      </Col>
      <Col xs={24} sm={12} lg={6}>
        <Stat to={`/customers?idleDays=${IDLE_DAYS}&sort=lastContactAt`} icon={<ClockCircleOutlined />} label={t('workbenchCustomers.idle')} value={idle.data} tone="#cf1322" />
      </Col>
      <Col xs={24} sm={12} lg={6}>
        <Stat to="/customers?reclaimWarned=true&sort=lastContactAt" icon={<RollbackOutlined />} label={t('workbenchCustomers.reclaimWarned')} value={warned.data} tone="#7c3aed" />
      </Col>
    </Row>
  );
};
