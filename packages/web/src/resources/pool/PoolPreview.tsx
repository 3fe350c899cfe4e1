import { Alert, Button, Descriptions, Drawer, Empty, Flex, List, Skeleton, Table, Typography } from 'antd';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { usePoolPreview } from '../../api/pool';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { tKey } from '../../app/i18n';
import { GradeBadge, KindText, LastContact, StageTag, TagList } from '../customers/customerBits';
import { useDictionary } from '../customers/useDictionary';

/**
 * A pool customer before claiming: read-only, masked, no reveal — enough to decide whether to
 * claim (what it is, its grade and why, its business, who to talk to).
 */
export const PoolPreview = ({ customerId, onClose, claim }: { customerId: string | null; onClose: () => void; claim: (c: TCustomer) => void }) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { data, error, isPending, refetch } = usePoolPreview(customerId);
  const { label } = useDictionary();
  const c = data?.customer;
  const dash = <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Drawer
      open={Boolean(customerId)}
      onClose={onClose}
      size={isMobile ? '100%' : 640}
      title={c ? c.name : t('pool.preview')}
      destroyOnHidden
      extra={
        c && (
          <Button type="primary" onClick={() => claim(c)} data-testid="preview-claim">
            {t('pool.claim')}
          </Button>
        )
      }
    >
      {error ? (
        <LoadError error={error} onRetry={() => void refetch()} />
      ) : isPending || !c || !data ? (
        <Skeleton active />
      ) : (
        <Flex vertical gap={16} data-testid="pool-preview">
          <Alert type="info" showIcon message={t('pool.previewNote')} />
          <Descriptions
            size="small"
            column={{ xs: 1, sm: 2 }}
            bordered
            items={[
              { key: 'kind', label: t('customers.kind'), children: <KindText kind={c.kind} /> },
              { key: 'stage', label: t('customers.stage'), children: <StageTag stage={c.stage} /> },
              { key: 'region', label: t('customers.region'), children: c.regionName ?? dash },
              { key: 'format', label: t('fields.businessFormat'), children: c.businessFormat ? label('businessFormat', c.businessFormat) : dash },
              { key: 'phone', label: t('customers.phone'), children: c.phone ? <span className="masked-value" data-testid="preview-phone">{c.phone}</span> : dash },
              { key: 'address', label: t('fields.address'), children: c.address ? <span className="masked-value">{c.address}</span> : dash },
              { key: 'lastContact', label: t('customers.lastContact'), children: <LastContact at={c.lastContactAt} grade={c.grade} /> },
              { key: 'tags', label: t('customers.tags'), children: c.tags.length ? <TagList tags={c.tags} max={6} /> : dash },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('pool.previewGrade')}</Typography.Title>
            <Flex gap={8} align="center" data-testid="preview-grade">
              <GradeBadge grade={data.grade.grade} />
              <Typography.Text type="secondary">
                {data.grade.override
                  ? t('pool.gradeOverride')
                  : data.grade.grade && data.grade.method
                    ? `${tKey(t, `gradeExplain.methods.${data.grade.method}`, data.grade.method)}${data.grade.score !== null ? ` · ${t('pool.score', { score: data.grade.score })}` : ''}`
                    : t('pool.notGraded')}
              </Typography.Text>
            </Flex>
          </div>
          <div>
            <Typography.Title level={5}>{t('pool.previewFigures')}</Typography.Title>
            <Table
              size="small"
              rowKey="month"
              pagination={false}
              dataSource={data.figures}
              data-testid="preview-figures"
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('pool.noFigures')} /> }}
              columns={[
                { title: t('pool.month'), dataIndex: 'month' },
                { title: t('pool.volume'), dataIndex: 'volume', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN')) },
                { title: t('pool.profit'), dataIndex: 'profit', align: 'right', render: (v: number | null) => (v === null ? '—' : v.toLocaleString('zh-CN')) },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('pool.previewContacts')}</Typography.Title>
            <List
              size="small"
              dataSource={data.contacts}
              locale={{ emptyText: t('pool.noContacts') }}
              renderItem={(k) => (
                <List.Item>
                  <Flex justify="space-between" style={{ width: '100%' }} gap={8} wrap>
                    <span>
                      {k.name}
                      {k.role ? <Typography.Text type="secondary"> · {label('contactRole', k.role)}</Typography.Text> : null}
                    </span>
                    <span className="masked-value">{k.mobile ?? k.landline ?? '—'}</span>
                  </Flex>
                </List.Item>
              )}
            />
          </div>
        </Flex>
      )}
    </Drawer>
  );
};
