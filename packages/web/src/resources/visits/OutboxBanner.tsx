import { useState } from 'react';
import { Alert, Button, Drawer, Empty, Flex, List, Popconfirm, Tag, Typography } from 'antd';
import { CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs from 'dayjs';
import { useSession } from '../../app/session';
import { useIsMobile } from '../../components/useIsMobile';
import { discard, flush } from '../../offline/outbox';
import { useQueuedVisits } from '../../offline/useOutbox';
import { useInvalidateVisits } from '../../api/visits';

/** "待同步 N 条": what the field log holds on this device, with the reason when the server refused one. */
export const OutboxBanner = () => {
  const { t } = useTranslation();
  const { me } = useSession();
  const isMobile = useIsMobile();
  const queued = useQueuedVisits(me.id);
  const invalidate = useInvalidateVisits();
  const [open, setOpen] = useState(false);
  const [syncing, setSyncing] = useState(false);
  if (!queued.length) return null;
  const sync = async () => {
    setSyncing(true);
    try {
      await flush(me.id);
      await invalidate();
    } finally {
      setSyncing(false);
    }
  };
  return (
    <>
      <Alert
        type={queued.some((q) => q.error) ? 'error' : 'warning'}
        showIcon
        icon={<CloudUploadOutlined />}
        data-testid="outbox-banner"
        title={<span data-testid="outbox-count">{t('visits.outbox.badge', { count: queued.length })}</span>}
        action={
          <Flex gap={8}>
            <Button size="small" onClick={() => setOpen(true)}>
              {t('common.more')}
            </Button>
            <Button size="small" type="primary" loading={syncing} onClick={() => void sync()}>
              {t('visits.outbox.syncNow')}
            </Button>
          </Flex>
        }
      />
      <Drawer title={t('visits.outbox.title')} open={open} onClose={() => setOpen(false)} size={isMobile ? '100%' : 480}>
        <Typography.Paragraph type="secondary">{t('visits.outbox.hint')}</Typography.Paragraph>
        {queued.length ? (
          <List
            dataSource={queued}
            renderItem={(q) => (
              <List.Item
                actions={[
                  <Popconfirm key="d" title={t('visits.outbox.discardConfirm')} onConfirm={() => void discard(q.key)}>
                    <Button size="small" danger>
                      {t('visits.outbox.discard')}
                    </Button>
                  </Popconfirm>,
                ]}
              >
                <Flex vertical gap={2}>
                  <Typography.Text strong>{q.customerName}</Typography.Text>
                  <Flex gap={4} wrap>
                    <Tag>{t(`visits.method.${q.body.method}`)}</Tag>
                    <Typography.Text type="secondary">{t('visits.outbox.queuedAt', { time: dayjs(q.queuedAt).format('MM-DD HH:mm') })}</Typography.Text>
                    {q.attempts > 0 && <Typography.Text type="secondary">{t('visits.outbox.attempts', { count: q.attempts })}</Typography.Text>}
                  </Flex>
                  {q.error && <Typography.Text type="danger">{t('visits.outbox.failed', { message: q.error.message })}</Typography.Text>}
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('visits.outbox.empty')} />
        )}
      </Drawer>
    </>
  );
};
