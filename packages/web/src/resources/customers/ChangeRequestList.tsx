import { useMemo, useState } from 'react';
import { App, Button, Card, Empty, Flex, Form, Input, Modal, Popconfirm, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ArrowRightOutlined, CheckOutlined, CloseOutlined, FileDoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useChangeRequests, useDecideChangeRequest, useWithdrawChangeRequest, type TChangeRequest } from '../../api/customers';
import { useUsers } from '../../api/users';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { formatDateTime } from '../../components/format';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { tKey } from '../../app/i18n';

type Status = TChangeRequest['status'];
const statusColor: Record<Status, string> = { pending: 'processing', approved: 'success', rejected: 'error', withdrawn: 'default' };
const filters = ['pending', 'approved', 'rejected', 'withdrawn', 'all'] as const;

/** Owner, grade and credit-code changes waiting for (or past) a leader's decision. */
export const ChangeRequestList = () => {
  const { t } = useTranslation();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const filter = (filters as readonly string[]).includes(raw ?? '') ? (raw as (typeof filters)[number]) : 'pending';
  const { data, isPending, error, refetch } = useChangeRequests(filter === 'all' ? undefined : filter);
  const { data: users } = useUsers({ perPage: 200 }, can('user.read'));
  const names = useMemo(() => new Map((users?.data ?? []).map((u) => [u.id, u.displayName])), [users]);
  const [deciding, setDeciding] = useState<{ request: TChangeRequest; approve: boolean } | null>(null);
  const withdraw = useWithdrawChangeRequest();
  const showError = useApiError();
  const { message } = App.useApp();
  const { me } = useSession();
  const approver = can('customer.approve');

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  const value = (r: TChangeRequest, v: string | null) => {
    if (v === null || v === '') return <Typography.Text type="secondary">{t('changeRequests.none')}</Typography.Text>;
    if (r.field === 'ownerId') return <>{names.get(v) ?? t('timeline.otherUser')}</>;
    if (r.field === 'creditCode') return <span className="mono">{v}</span>;
    return <>{v}</>;
  };
  const change = (r: TChangeRequest) => (
    <Space size={6} wrap>
      <Typography.Text type="secondary">{tKey(t, `customerDetail.requestFields.${r.field}`, r.field)}</Typography.Text>
      <span className="timeline-old">{value(r, r.oldValue)}</span>
      <ArrowRightOutlined style={{ fontSize: 11, color: '#bfbfbf' }} />
      <Typography.Text strong>{value(r, r.newValue)}</Typography.Text>
    </Space>
  );
  const decision = (r: TChangeRequest) =>
    r.status === 'pending' ? (
      can('customer.approve') ? (
        <Space size={4}>
          <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => setDeciding({ request: r, approve: true })} data-testid="approve">
            {t('changeRequests.approve')}
          </Button>
          <Button size="small" danger icon={<CloseOutlined />} onClick={() => setDeciding({ request: r, approve: false })} data-testid="reject">
            {t('changeRequests.reject')}
          </Button>
        </Space>
      ) : (
        <Space size={4} wrap>
          <Tag color={statusColor.pending}>{t('changeRequests.statuses.pending')}</Tag>
          {r.requestedBy === me?.id && (
            <Popconfirm
              title={t('changeRequests.withdrawConfirm')}
              onConfirm={() =>
                withdraw.mutateAsync({ id: r.id, version: r.version }).then(
                  () => void message.success(t('changeRequests.withdrawn')),
                  (e: unknown) => showError(e),
                )
              }
            >
              <Button size="small" data-testid="withdraw">
                {t('changeRequests.withdraw')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )
    ) : (
      <Flex vertical gap={2}>
        <span>
          <Tag color={statusColor[r.status]}>{t(`changeRequests.statuses.${r.status}`)}</Tag>
        </span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('changeRequests.decidedAt', { name: (r.decidedBy && names.get(r.decidedBy)) || '—', time: formatDateTime(r.decidedAt) })}
        </Typography.Text>
        {r.comment && <Typography.Text style={{ fontSize: 12 }}>{r.comment}</Typography.Text>}
      </Flex>
    );

  return (
    <>
      <PageHeader
        title={approver ? t('changeRequests.title') : t('changeRequests.myTitle')}
        description={isMobile ? undefined : approver ? t('changeRequests.description') : t('changeRequests.myDescription')}
      />
      <Card>
        <Segmented
          value={filter}
          onChange={(v) => setParams(v === 'pending' ? {} : { status: String(v) }, { replace: true })}
          options={filters.map((f) => ({ value: f, label: f === 'all' ? t('changeRequests.all') : t(`changeRequests.statuses.${f}`) }))}
          style={{ marginBottom: 16 }}
        />
        <Table<TChangeRequest>
          rowKey="id"
          size="middle"
          loading={isPending}
          dataSource={data}
          showHeader={!isMobile}
          scroll={isMobile ? undefined : { x: 1000 }}
          data-testid="change-request-table"
          pagination={(data?.length ?? 0) > 20 ? { pageSize: 20 } : false}
          locale={{
            emptyText: (
              <Empty
                image={<FileDoneOutlined style={{ fontSize: 40, color: '#9db4d8' }} />}
                styles={{ image: { height: 48 } }}
                description={
                  <Flex vertical gap={4} align="center">
                    <Typography.Text strong>{t('changeRequests.empty')}</Typography.Text>
                    <Typography.Text type="secondary">{t('changeRequests.emptyHint')}</Typography.Text>
                  </Flex>
                }
              />
            ),
          }}
          columns={
            isMobile
              ? [
                  {
                    key: 'all',
                    render: (_, r) => (
                      <Flex vertical gap={6}>
                        <Link to={`/customers/${r.customerId}`} className="customer-name-link">
                          {r.customerName}
                        </Link>
                        {change(r)}
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {r.requestedByName} · {formatDateTime(r.requestedAt)}
                        </Typography.Text>
                        <Typography.Text>{r.reason}</Typography.Text>
                        {decision(r)}
                      </Flex>
                    ),
                  },
                ]
              : [
                  {
                    title: t('changeRequests.customer'),
                    dataIndex: 'customerName',
                    width: 200,
                    render: (n: string, r) => (
                      <Flex vertical gap={2} align="start">
                        <Link to={`/customers/${r.customerId}`} className="customer-name-link">
                          {n}
                        </Link>
                        <Link to={`/customers/${r.customerId}`} style={{ fontSize: 12 }} data-testid="open-customer">
                          {t('changeRequests.openCustomer')} →
                        </Link>
                      </Flex>
                    ),
                  },
                  { title: t('changeRequests.change'), key: 'change', width: 280, render: (_, r) => change(r) },
                  {
                    // The whole reason: a leader decides on it.
                    title: t('changeRequests.reason'),
                    dataIndex: 'reason',
                    render: (v: string) => (
                      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }} data-testid="request-reason">
                        {v}
                      </Typography.Paragraph>
                    ),
                  },
                  {
                    title: t('changeRequests.requester'),
                    key: 'requester',
                    width: 170,
                    render: (_, r) => (
                      <Flex vertical>
                        <span>{r.requestedByName ?? '—'}</span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {formatDateTime(r.requestedAt)}
                        </Typography.Text>
                      </Flex>
                    ),
                  },
                  { title: t('changeRequests.decision'), key: 'decision', width: 220, render: (_, r) => decision(r) },
                ]
          }
        />
      </Card>
      <DecideModal target={deciding} onClose={() => setDeciding(null)} />
    </>
  );
};

const DecideModal = ({ target, onClose }: { target: { request: TChangeRequest; approve: boolean } | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment?: string }>();
  const decide = useDecideChangeRequest();
  const showError = useApiError();
  const { message } = App.useApp();
  const action = target?.approve ? t('changeRequests.approve') : t('changeRequests.reject');
  return (
    <Modal
      open={Boolean(target)}
      title={target ? t('changeRequests.decideTitle', { action, customer: target.request.customerName }) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={action}
      okButtonProps={{ danger: target ? !target.approve : false }}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) =>
          decide.mutate(
            { id: target!.request.id, approve: target!.approve, comment: v.comment?.trim() || undefined },
            {
              onSuccess: () => {
                void message.success(t('changeRequests.decided'));
                onClose();
              },
              onError: (e) => showError(e, form),
            },
          )
        }
      >
        <Form.Item name="comment" label={t('changeRequests.comment')} style={{ marginBottom: 0 }}>
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
};
