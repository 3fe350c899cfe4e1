import { Card, Col, Descriptions, Empty, Flex, Row, Space, Tag, Typography } from 'antd';
import { ContainerOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useSession } from '../../app/session';
import { adminGroup, visibleItems } from '../../app/navigation';
import { roleLabel } from '../roles/roleModel';
import { avatarText } from '../../app/avatarText';
import { dayPart } from './workbenchModel';

export const WorkbenchPage = () => {
  const { t } = useTranslation();
  const { me } = useSession();
  const shortcuts = visibleItems(me, adminGroup.items);
  const now = dayjs();

  return (
    <Flex vertical gap={16}>
      <Card className="workbench-hero">
        <Flex align="center" gap={16} wrap>
          <div className="workbench-avatar">{avatarText(me.displayName)}</div>
          <div style={{ minWidth: 0, flex: 1 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="greeting">
              {t(`workbench.${dayPart(now.hour())}`, { name: me.displayName })}
            </Typography.Title>
            <Typography.Text type="secondary">{t('workbench.today', { date: now.format(t('workbench.dateFormat')) })}</Typography.Text>
          </div>
        </Flex>
        <Descriptions
          style={{ marginTop: 16 }}
          column={{ xs: 1, sm: 1, md: 3 }}
          size="small"
          items={[
            { key: 'org', label: t('workbench.orgUnit'), children: me.orgUnit.name },
            {
              key: 'roles',
              label: t('workbench.roles'),
              children: (
                <Space size={[4, 4]} wrap>
                  {me.roles.map((r) => (
                    <Tag key={r.id} color="blue">
                      {roleLabel(t, r)}
                    </Tag>
                  ))}
                </Space>
              ),
            },
            ...(me.grade ? [{ key: 'grade', label: t('workbench.grade'), children: t(`grade.${me.grade}`) }] : []),
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={shortcuts.length ? 16 : 24}>
          <Card style={{ height: '100%' }}>
            <Empty
              image={<ContainerOutlined style={{ fontSize: 56, color: '#9db4d8' }} />}
              styles={{ image: { height: 64 } }}
              description={
                <Flex vertical gap={4} align="center">
                  <Typography.Text strong style={{ fontSize: 16 }}>
                    {t('workbench.comingSoon')}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ maxWidth: 460 }}>
                    {t('workbench.comingSoonHint')}
                  </Typography.Text>
                </Flex>
              }
            />
          </Card>
        </Col>
        {shortcuts.length > 0 && (
          <Col xs={24} lg={8}>
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
      </Row>
    </Flex>
  );
};
