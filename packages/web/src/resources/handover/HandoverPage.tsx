import { useMemo, useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Form, Input, Modal, Result, Row, Space, Table, Tag, Typography } from 'antd';
import { CloseOutlined, SwapOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useCustomers } from '../../api/customers';
import { useHandover, type HandoverResult } from '../../api/handover';
import { useUser } from '../../api/users';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { CustomerName } from '../customers/customerColumns';
import { GradeBadge, StageTag } from '../customers/customerBits';
import { UserSelect } from '../users/UserSelect';
import { assignGroup, buildAssignments, movedCount, removeGroup, successorOf, type HandoverGroup } from './handoverModel';

/** Hand a departing manager's customers to one or several successors in one audited step. */
export const HandoverPage = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [fromUserId, setFrom] = useState<string | undefined>();
  const [page, setPage] = useState({ page: 1, perPage: 50 });
  const [selected, setSelected] = useState<string[]>([]);
  const [groups, setGroups] = useState<HandoverGroup[]>([]);
  const [restTo, setRestTo] = useState<string | undefined>();
  const [picking, setPicking] = useState(false);
  const [pickedUser, setPickedUser] = useState<string | undefined>();
  const [names, setNames] = useState<Record<string, string>>({});
  const [result, setResult] = useState<HandoverResult | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { data: from } = useUser(fromUserId);
  const list = useCustomers({ ownerId: fromUserId, ...page }, Boolean(fromUserId));
  const handover = useHandover();
  const showError = useApiError();
  const { modal, message } = App.useApp();
  const held = list.data?.count ?? 0;
  const moved = movedCount(groups, restTo, held);
  const excluded = useMemo(() => (fromUserId ? [fromUserId] : []), [fromUserId]);

  const reset = (userId?: string) => {
    setFrom(userId);
    setPage({ page: 1, perPage: 50 });
    setSelected([]);
    setGroups([]);
    setRestTo(undefined);
    setResult(null);
    form.resetFields();
  };
  const nameOf = (id: string | undefined) => (id ? (names[id] ?? '…') : undefined);
  const remember = (id: string | undefined, label: unknown) => id && typeof label === 'string' && setNames((n) => ({ ...n, [id]: label }));

  const submit = ({ reason }: { reason: string }) => {
    const assignments = buildAssignments(groups, restTo);
    if (!assignments.length) {
      void message.error(t('handover.successorRequired'));
      return;
    }
    modal.confirm({
      title: t('handover.confirmTitle'),
      content: t('handover.confirm', { name: from?.displayName ?? '' }),
      okText: t('handover.submit'),
      onOk: () =>
        handover.mutateAsync({ fromUserId: fromUserId!, assignments, reason: reason.trim() }).then(
          (r) => {
            setResult(r);
            void message.success(t('handover.done', { count: r.moved }));
          },
          (e: unknown) => showError(e, form),
        ),
    });
  };

  if (result)
    return (
      <>
        <PageHeader title={t('handover.title')} />
        <Card>
          <Result
            status="success"
            title={t('handover.resultTitle')}
            subTitle={t('handover.movedCount', { count: result.moved })}
            extra={<Button type="primary" onClick={() => reset()}>{t('handover.again')}</Button>}
            data-testid="handover-result"
          >
            <Flex vertical gap={8} align="center">
              {result.successors.map((s) => (
                <Typography.Text key={s.userId}>{t('handover.resultItem', { name: s.name, count: s.customers })}</Typography.Text>
              ))}
            </Flex>
          </Result>
        </Card>
      </>
    );

  return (
    <>
      <PageHeader title={t('handover.title')} description={isMobile ? undefined : t('handover.description')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={
              <Flex gap={12} align="center" wrap style={{ padding: '8px 0' }}>
                <span>{t('handover.from')}</span>
                <UserSelect
                  value={fromUserId}
                  onChange={(v) => reset(v)}
                  placeholder={t('handover.fromPlaceholder')}
                  style={{ width: 260, maxWidth: '100%' }}
                  data-testid="handover-from"
                />
              </Flex>
            }
          >
            {!fromUserId ? (
              <Empty image={<UserSwitchOutlined style={{ fontSize: 40, color: '#9db4d8' }} />} styles={{ image: { height: 48 } }} description={t('handover.pickFirst')} />
            ) : (
              <>
                {selected.length > 0 && (
                  <Flex className="bulk-bar" align="center" justify="space-between" gap={8} wrap>
                    <Typography.Text strong>{t('handover.selectedCount', { count: selected.length })}</Typography.Text>
                    <Space wrap>
                      <Button type="primary" icon={<SwapOutlined />} onClick={() => setPicking(true)} data-testid="assign-selected">
                        {t('handover.portions.selected')} → {t('handover.successor')}
                      </Button>
                      <Button type="text" icon={<CloseOutlined />} onClick={() => setSelected([])}>
                        {t('customers.clearSelection')}
                      </Button>
                    </Space>
                  </Flex>
                )}
                <Table<TCustomer>
                  rowKey="id"
                  size="small"
                  loading={list.isFetching}
                  dataSource={list.data?.data}
                  scroll={{ x: 560 }}
                  data-testid="handover-customers"
                  rowSelection={{ selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys.map(String)) }}
                  pagination={{
                    current: page.page,
                    pageSize: page.perPage,
                    total: held,
                    showSizeChanger: true,
                    pageSizeOptions: [50, 100, 200],
                    showTotal: (total) => t('common.total', { count: total }),
                    onChange: (p, perPage) => setPage({ page: p, perPage }),
                  }}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('handover.noCustomers')} /> }}
                  columns={[
                    { title: t('customers.name'), key: 'name', render: (_, c) => <CustomerName c={c} /> },
                    { title: t('customers.stage'), dataIndex: 'stage', width: 80, render: (s: TCustomer['stage']) => <StageTag stage={s} /> },
                    { title: t('customers.grade'), dataIndex: 'grade', width: 64, align: 'center', render: (g: string | null) => <GradeBadge grade={g} /> },
                    {
                      title: t('handover.successor'),
                      key: 'to',
                      width: 130,
                      render: (_, c) => {
                        const to = successorOf(groups, c.id, restTo);
                        return to ? <Tag color="blue">{nameOf(to)}</Tag> : <Typography.Text type="secondary">—</Typography.Text>;
                      },
                    },
                  ]}
                />
              </>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('handover.successors')} className="handover-plan">
            <Form form={form} layout="vertical" onFinish={submit} disabled={!fromUserId} data-testid="handover-form">
              {groups.map((g) => (
                <Flex key={g.toUserId} justify="space-between" align="center" className="handover-group">
                  <Flex vertical>
                    <Typography.Text strong>{nameOf(g.toUserId)}</Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('handover.selectedCount', { count: g.customerIds.length })}
                    </Typography.Text>
                  </Flex>
                  <Button type="text" size="small" icon={<CloseOutlined />} aria-label={t('common.delete')} onClick={() => setGroups((gs) => removeGroup(gs, g.toUserId))} />
                </Flex>
              ))}
              <Form.Item label={t('handover.portions.rest')} extra={groups.length ? undefined : t('handover.selectHint')}>
                <UserSelect
                  allowClear
                  value={restTo}
                  excludeIds={excluded}
                  onChange={(v, o) => {
                    setRestTo(v || undefined);
                    remember(v, (o as { label?: unknown } | undefined)?.label);
                  }}
                  placeholder={t('handover.successor')}
                  data-testid="handover-rest"
                />
              </Form.Item>
              <Form.Item
                name="reason"
                label={t('handover.reason')}
                rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('handover.reason') }) }, { max: 500 }]}
              >
                <Input.TextArea rows={3} maxLength={500} placeholder={t('handover.reasonPlaceholder')} />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={handover.isPending} disabled={!fromUserId || moved === 0} data-testid="handover-submit">
                {t('handover.submit')}
                {moved > 0 ? `（${moved}）` : ''}
              </Button>
            </Form>
          </Card>
        </Col>
      </Row>
      <Modal
        open={picking}
        title={`${t('handover.selectedCount', { count: selected.length })} → ${t('handover.successor')}`}
        onCancel={() => setPicking(false)}
        okButtonProps={{ disabled: !pickedUser }}
        onOk={() => {
          if (!pickedUser) return;
          setGroups((gs) => assignGroup(gs, pickedUser, selected));
          setSelected([]);
          setPickedUser(undefined);
          setPicking(false);
        }}
        destroyOnHidden
      >
        <UserSelect
          value={pickedUser}
          excludeIds={excluded}
          onChange={(v, o) => {
            setPickedUser(v);
            remember(v, (o as { label?: unknown } | undefined)?.label);
          }}
          style={{ width: '100%' }}
          placeholder={t('handover.successor')}
        />
      </Modal>
    </>
  );
};
