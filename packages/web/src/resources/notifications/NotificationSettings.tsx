import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Empty, Flex, Form, Row, Switch, Table, Tag, TimePicker, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import type { TEventType } from '@liaison/shared';
import { useDigestPreview, useEventTypes, usePreferences, useSavePreferences } from '../../api/notifications';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useApiError } from '../../app/useApiError';
import { useIsMobile } from '../../components/useIsMobile';

type Choice = Record<string, { inApp: boolean; email: boolean }>;
type Values = { digestEnabled: boolean; digestTime: Dayjs | null; quietHours: [Dayjs, Dayjs] | null };

const toRange = (q: string | null): [Dayjs, Dayjs] | null => {
  if (!q) return null;
  const [a, b] = q.split('-');
  return [dayjs(`2000-01-01T${a}`), dayjs(`2000-01-01T${b}`)];
};

/** My notification settings: the digest, quiet hours, and which type arrives on which channel. */
export const NotificationSettings = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const isMobile = useIsMobile();
  const prefs = usePreferences();
  const types = useEventTypes();
  const preview = useDigestPreview();
  const save = useSavePreferences();
  const [form] = Form.useForm<Values>();
  const [choice, setChoice] = useState<Choice>({});

  useEffect(() => {
    if (!prefs.data) return;
    form.setFieldsValue({ digestEnabled: prefs.data.digestEnabled, digestTime: dayjs(`2000-01-01T${prefs.data.digestTime}`), quietHours: toRange(prefs.data.quietHours) });
    setChoice(prefs.data.channels);
  }, [prefs.data, form]);

  const personal = useMemo(() => (types.data ?? []).filter((x) => !x.robot), [types.data]);
  if (prefs.error) return <LoadError error={prefs.error} onRetry={() => void prefs.refetch()} />;
  if (types.error) return <LoadError error={types.error} onRetry={() => void types.refetch()} />;

  const value = (x: TEventType, c: 'inApp' | 'email') => x.required.includes(c) || (choice[x.type]?.[c] ?? x.defaults[c]);
  const toggle = (x: TEventType, c: 'inApp' | 'email', on: boolean) =>
    setChoice((prev) => ({ ...prev, [x.type]: { inApp: value(x, 'inApp'), email: value(x, 'email'), ...prev[x.type], [c]: on } }));

  const submit = async () => {
    const v = await form.validateFields();
    save.mutate(
      {
        digestEnabled: v.digestEnabled,
        digestTime: v.digestTime ? v.digestTime.format('HH:mm') : undefined,
        quietHours: v.quietHours ? `${v.quietHours[0].format('HH:mm')}-${v.quietHours[1].format('HH:mm')}` : null,
        channels: Object.fromEntries(personal.map((x) => [x.type, { inApp: value(x, 'inApp'), email: value(x, 'email') }])),
        version: prefs.data!.version,
      },
      { onSuccess: () => void message.success(t('notifications.saved')), onError: (e) => showError(e, form) },
    );
  };

  const cell = (x: TEventType, c: 'inApp' | 'email') => (
    <Flex gap={6} align="center" wrap>
      <Switch size="small" checked={value(x, c)} disabled={x.required.includes(c)} onChange={(on) => toggle(x, c, on)} aria-label={`${x.label} ${t(`notifications.${c}`)}`} data-testid={`pref-${x.type}-${c}`} />
      {x.required.includes(c) && (
        <Tag color="gold" style={{ marginInlineEnd: 0 }}>
          {t('notifications.requiredTag')}
        </Tag>
      )}
    </Flex>
  );

  return (
    <>
      <PageHeader
        title={t('notifications.settingsTitle')}
        description={t('notifications.settingsDescription')}
        extra={
          <Button type="primary" onClick={() => void submit()} loading={save.isPending} disabled={!prefs.data} data-testid="save-preferences">
            {t('notifications.save')}
          </Button>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            {prefs.data && !prefs.data.email && <Alert type="warning" showIcon title={t('notifications.noEmail')} />}
            <Card title={t('notifications.digest')} loading={prefs.isPending}>
              <Typography.Paragraph type="secondary">{t('notifications.digestHint')}</Typography.Paragraph>
              <Form form={form} layout="vertical" data-testid="preferences-form">
                <Flex gap={24} wrap>
                  <Form.Item name="digestEnabled" label={t('notifications.digestEnabled')} valuePropName="checked">
                    <Switch />
                  </Form.Item>
                  <Form.Item name="digestTime" label={t('notifications.digestTime')}>
                    <TimePicker format="HH:mm" minuteStep={5} allowClear={false} needConfirm={false} style={{ width: 120 }} />
                  </Form.Item>
                  <Form.Item name="quietHours" label={t('notifications.quietHours')} extra={t('notifications.quietHoursHint')} style={{ maxWidth: 320 }}>
                    <TimePicker.RangePicker format="HH:mm" minuteStep={5} order={false} needConfirm={false} placeholder={[t('notifications.quietHoursOff'), '']} />
                  </Form.Item>
                </Flex>
              </Form>
            </Card>
            <Card title={t('notifications.channelsTitle')} styles={{ body: { padding: 0 } }}>
              <Table<TEventType>
                rowKey="type"
                loading={types.isPending}
                dataSource={personal}
                pagination={false}
                columns={[
                  {
                    title: t('notifications.eventColumn'),
                    key: 'label',
                    render: (_, x) => (
                      <Flex vertical>
                        <Typography.Text strong>{x.label}</Typography.Text>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {x.description}
                        </Typography.Text>
                      </Flex>
                    ),
                  },
                  { title: t('notifications.inApp'), key: 'inApp', width: isMobile ? 64 : 140, render: (_, x) => cell(x, 'inApp') },
                  { title: t('notifications.email'), key: 'email', width: isMobile ? 64 : 140, render: (_, x) => cell(x, 'email') },
                ]}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('notifications.preview')} loading={preview.isPending} data-testid="digest-preview">
            {preview.data?.length ? (
              <Flex vertical gap={12}>
                {preview.data.map((s) => (
                  <div key={s.title}>
                    <Typography.Text strong>{s.title}</Typography.Text>
                    <ul className="digest-lines">
                      {s.lines.map((l, i) => (
                        <li key={i}>{l.link ? <Link to={l.link}>{l.text}</Link> : l.text}</li>
                      ))}
                      {s.more > 0 && <li className="digest-more">{t('notifications.more', { count: s.more })}</li>}
                    </ul>
                  </div>
                ))}
              </Flex>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.previewEmpty')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
};
