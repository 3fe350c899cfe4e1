import { useState } from 'react';
import { App, Button, Flex, Modal, Popconfirm, Typography } from 'antd';
import { CalendarOutlined, CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useCalendarToken, useCreateCalendarToken, useRevokeCalendarToken } from '../../api/visits';
import { useApiError } from '../../app/useApiError';

/** The personal iCalendar feed: made here, its URL shown once, revocable. */
export const CalendarSubscribe = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [open, setOpen] = useState(false);
  const [url, setUrl] = useState<string | null>(null);
  const { data: token } = useCalendarToken();
  const create = useCreateCalendarToken();
  const revoke = useRevokeCalendarToken();
  return (
    <>
      <Button icon={<CalendarOutlined />} onClick={() => setOpen(true)} data-testid="calendar-subscribe">
        {t('visits.calendar.subscribe')}
      </Button>
      <Modal
        open={open}
        title={t('visits.subscribe.title')}
        onCancel={() => {
          setOpen(false);
          setUrl(null);
        }}
        footer={null}
      >
        <Flex vertical gap={12}>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('visits.subscribe.intro')}
          </Typography.Paragraph>
          {url ? (
            <Flex vertical gap={6}>
              <Typography.Text strong>{t('visits.subscribe.urlOnce')}</Typography.Text>
              <Typography.Paragraph copyable={{ text: url, icon: <CopyOutlined />, tooltips: [t('visits.subscribe.copyUrl'), t('common.copied')] }} code style={{ wordBreak: 'break-all' }} data-testid="calendar-url">
                {url}
              </Typography.Paragraph>
            </Flex>
          ) : (
            <Typography.Text>{token ? t('visits.subscribe.active', { date: dayjs(token.createdAt).format('YYYY-MM-DD') }) : t('visits.subscribe.none')}</Typography.Text>
          )}
          <Flex gap={8} wrap>
            <Button type="primary" loading={create.isPending} onClick={() => create.mutate(undefined, { onSuccess: (r) => setUrl(r.url), onError: (e) => showError(e) })}>
              {token ? t('visits.subscribe.renew') : t('visits.subscribe.create')}
            </Button>
            {token && (
              <Popconfirm title={t('visits.subscribe.revoke')} onConfirm={() => revoke.mutate(undefined, { onSuccess: () => { setUrl(null); void message.success(t('visits.subscribe.revoked')); }, onError: (e) => showError(e) })}>
                <Button danger>{t('visits.subscribe.revoke')}</Button>
              </Popconfirm>
            )}
          </Flex>
        </Flex>
      </Modal>
    </>
  );
};
