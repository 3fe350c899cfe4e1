import { useState, type ReactNode } from 'react';
import { App, Button, Card, Col, Empty, Flex, Popconfirm, Row, Skeleton, Space, Tag, Typography } from 'antd';
import {
  DeleteOutlined,
  EditOutlined,
  EnvironmentOutlined,
  GiftOutlined,
  HeartOutlined,
  MailOutlined,
  MobileOutlined,
  PhoneOutlined,
  PlusOutlined,
  UserAddOutlined,
  WechatOutlined,
} from '@ant-design/icons';
import type { TContact } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useContacts, useDeleteContact } from '../../api/customers';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../app/useApiError';
import { currentLocale } from '../../app/i18n';
import { avatarText } from '../../app/avatarText';
import { ContactForm, type ContactFormTarget } from './ContactForm';
import { RevealValue } from './RevealValue';
import { birthdayText, daysUntil, sortContacts } from './contactModel';
import { useDictionary } from './useDictionary';

const Line = ({ icon, children }: { icon: ReactNode; children: ReactNode }) => (
  <Flex gap={8} align="flex-start" className="contact-line">
    <span className="contact-line-icon">{icon}</span>
    <div style={{ minWidth: 0, flex: 1 }}>{children}</div>
  </Flex>
);

export const ContactList = ({ customerId, canEdit }: { customerId: string; canEdit: boolean }) => {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useContacts(customerId);
  const [form, setForm] = useState<ContactFormTarget | null>(null);
  const remove = useDeleteContact();
  const showError = useApiError();
  const { message } = App.useApp();
  const { label } = useDictionary();
  const locale = currentLocale();

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (isPending) return <Skeleton active />;

  const until = (date: string | null) => {
    const d = daysUntil(date);
    if (d === null) return null;
    return d === 0 ? t('contacts.today') : d === 1 ? t('contacts.tomorrow') : t('contacts.inDays', { count: d });
  };

  const card = (c: TContact) => {
    const birthday = birthdayText(c, locale);
    return (
      <Card
        size="small"
        className="contact-card"
        data-testid="contact-card"
        title={
          <Flex gap={10} align="center" style={{ minWidth: 0 }}>
            <span className="contact-avatar">{avatarText(c.name)}</span>
            <Flex vertical style={{ minWidth: 0 }}>
              <Space size={6} wrap>
                <Typography.Text strong>{c.name}</Typography.Text>
                {c.isPrimary && (
                  <Tag color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
                    {t('contacts.primary')}
                  </Tag>
                )}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }} ellipsis>
                {[c.role ? label('contactRole', c.role) : null, c.position, c.employer].filter(Boolean).join(' · ') || '—'}
              </Typography.Text>
            </Flex>
          </Flex>
        }
        extra={
          canEdit && (
            <Space size={0}>
              <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setForm({ mode: 'edit', contact: c })} />
              <Popconfirm
                title={t('contacts.deleteConfirm', { name: c.name })}
                okButtonProps={{ danger: true }}
                okText={t('common.delete')}
                onConfirm={() =>
                  remove
                    .mutateAsync({ customerId, id: c.id, version: c.version })
                    .then(() => void message.success(t('common.deleted')), (e: unknown) => showError(e))
                }
              >
                <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={t('common.delete')} />
              </Popconfirm>
            </Space>
          )
        }
      >
        <Flex vertical gap={6}>
          <Line icon={<MobileOutlined />}>
            <RevealValue customerId={customerId} field="contact.mobile" contactId={c.id} value={c.mobile} masked={c.masked.includes('mobile')} phone />
          </Line>
          {c.landline && (
            <Line icon={<PhoneOutlined />}>
              <RevealValue customerId={customerId} field="contact.landline" contactId={c.id} value={c.landline} masked={c.masked.includes('landline')} phone />
            </Line>
          )}
          {c.wechat && <Line icon={<WechatOutlined />}>{c.wechat}</Line>}
          {c.email && (
            <Line icon={<MailOutlined />}>
              <a href={`mailto:${c.email}`}>{c.email}</a>
            </Line>
          )}
          {c.address && (
            <Line icon={<EnvironmentOutlined />}>
              <RevealValue customerId={customerId} field="contact.address" contactId={c.id} value={c.address} masked={c.masked.includes('address')} address />
            </Line>
          )}
          {birthday && (
            <Line icon={<GiftOutlined />}>
              <span data-testid="contact-birthday">{birthday}</span>
              {c.nextBirthday && (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {t('contacts.nextBirthday', { date: c.nextBirthday })} · {until(c.nextBirthday)}
                </Typography.Text>
              )}
            </Line>
          )}
          {c.preferences && (
            <Line icon={<HeartOutlined />}>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.preferences}</Typography.Text>
            </Line>
          )}
          {c.notes && (
            <Typography.Paragraph type="secondary" style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: true }}>
              {c.notes}
            </Typography.Paragraph>
          )}
        </Flex>
      </Card>
    );
  };

  return (
    <>
      {data.length > 0 && canEdit && (
        <Flex justify="flex-end" style={{ marginBottom: 12 }}>
          <Button icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create' })} data-testid="add-contact">
            {t('contacts.add')}
          </Button>
        </Flex>
      )}
      {data.length ? (
        <Row gutter={[16, 16]} data-testid="contact-list">
          {sortContacts(data).map((c) => (
            <Col key={c.id} xs={24} md={12} xl={8}>
              {card(c)}
            </Col>
          ))}
        </Row>
      ) : (
        <Empty
          image={<UserAddOutlined style={{ fontSize: 40, color: '#9db4d8' }} />}
          styles={{ image: { height: 48 } }}
          description={
            <Flex vertical gap={4} align="center">
              <Typography.Text strong>{t('contacts.empty')}</Typography.Text>
              <Typography.Text type="secondary">{t('contacts.emptyHint')}</Typography.Text>
            </Flex>
          }
        >
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create' })} data-testid="add-contact">
              {t('contacts.add')}
            </Button>
          )}
        </Empty>
      )}
      <ContactForm customerId={customerId} target={form} onClose={() => setForm(null)} />
    </>
  );
};
