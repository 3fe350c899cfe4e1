import { useState } from 'react';
import { App, Badge, Button, Card, Empty, Popconfirm, Table, Typography } from 'antd';
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useRevokeToken, useTokens, type TAccessToken } from '../../api/me';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../components/format';
import { useApiError } from '../../app/useApiError';
import { TokenCreateModal } from './TokenCreateModal';
import { tokenStatus, type TokenStatus } from './tokenModel';

const badge: Record<TokenStatus, 'success' | 'default' | 'warning'> = { active: 'success', revoked: 'default', expired: 'warning' };

export const TokenList = () => {
  const { t } = useTranslation();
  const { data, isPending } = useTokens();
  const revoke = useRevokeToken();
  const showError = useApiError();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
      {t('tokens.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('tokens.title')} description={t('tokens.description')} extra={createButton} />
      <Card>
        <Table<TAccessToken>
          rowKey="id"
          loading={isPending}
          dataSource={data?.data}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{
            emptyText: (
              <Empty image={<KeyOutlined style={{ fontSize: 40, color: '#bfbfbf' }} />} description={
                <>
                  <Typography.Text strong>{t('tokens.empty')}</Typography.Text>
                  <br />
                  <Typography.Text type="secondary">{t('tokens.emptyHint')}</Typography.Text>
                </>
              } />
            ),
          }}
          columns={[
            { title: t('tokens.name'), dataIndex: 'name' },
            {
              title: t('common.status'),
              key: 'status',
              render: (_, r) => {
                const s = tokenStatus(r);
                return <Badge status={badge[s]} text={t(`tokens.${s}`)} />;
              },
            },
            { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: formatDateTime },
            { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? formatDateTime(v) : <Typography.Text type="secondary">{t('tokens.neverUsed')}</Typography.Text>) },
            { title: t('tokens.expiresAt'), dataIndex: 'expiresAt', render: (v: string | null) => (v ? formatDateTime(v) : t('tokens.never')) },
            {
              title: t('common.actions'),
              key: 'actions',
              fixed: 'right',
              render: (_, r) =>
                tokenStatus(r) === 'active' ? (
                  <Popconfirm
                    title={t('tokens.revokeConfirm')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() =>
                      revoke.mutateAsync(r.id).then(
                        () => void message.success(t('tokens.revoked')),
                        (e: unknown) => showError(e),
                      )
                    }
                  >
                    <Button type="link" danger size="small">
                      {t('tokens.revoke')}
                    </Button>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
      <TokenCreateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
};
