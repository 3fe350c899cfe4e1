import { useState } from 'react';
import { App, Button, Card, Drawer, Flex, Form, Input, Select, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TCreateIndicatorBody, TIndicator } from '@liaison/shared';
import { api } from '../../api/client';
import { useIndicators } from '../../api/plans';
import { useApiError } from '../../app/useApiError';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { PlanSettingsCard } from './PlanSettingsCard';

/** 计划指标: the computed indicators (built in) and the business-figure ones admins add. */
export const IndicatorsPage = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const qc = useQueryClient();
  const showError = useApiError();
  const { message } = App.useApp();
  const { data, isPending, error, refetch } = useIndicators();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<TCreateIndicatorBody>();
  const create = useMutation({ mutationFn: (body: TCreateIndicatorBody) => api.post<TIndicator>('/indicators', body), onSuccess: () => qc.invalidateQueries({ queryKey: ['indicators'] }) });
  const toggle = useMutation({ mutationFn: (i: TIndicator) => api.patch<TIndicator>(`/indicators/${i.id}`, { version: i.version, enabled: !i.enabled }), onSuccess: () => qc.invalidateQueries({ queryKey: ['indicators'] }) });
  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('plans.indicators.title')}
        description={t('plans.indicators.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
            {t('plans.indicators.add')}
          </Button>
        }
      />
      <PlanSettingsCard />
      <Card size="small">
        <Table<TIndicator>
          rowKey="id"
          size="middle"
          loading={isPending}
          dataSource={data ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('plans.indicators.name'), key: 'n', render: (_: unknown, i: TIndicator) => `${i.nameZh} / ${i.nameEn}` },
            { title: t('plans.indicators.code'), dataIndex: 'code', key: 'c', responsive: ['md'] },
            { title: t('plans.indicators.unit'), dataIndex: 'unit', key: 'u' },
            { title: t('plans.indicators.source'), key: 's', render: (_: unknown, i: TIndicator) => (i.source === 'computed' ? <Tag color="blue">{t('plans.indicators.computed')}</Tag> : <Tag color="gold">{`${t('plans.indicators.figure')} · ${i.field}`}</Tag>) },
            { title: t('plans.indicators.aggregation'), key: 'a', render: (_: unknown, i: TIndicator) => t(`plans.indicators.agg.${i.aggregation}`) },
            { title: t('plans.indicators.enabled'), key: 'e', render: (_: unknown, i: TIndicator) => <Switch size="small" checked={i.enabled} loading={toggle.isPending} onChange={() => toggle.mutateAsync(i).catch((e) => showError(e))} /> },
          ]}
        />
      </Card>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('plans.indicators.add')} width={isMobile ? '100%' : 480} destroyOnHidden>
        <Form
          form={form}
          layout="vertical"
          initialValues={{ aggregation: 'sum' }}
          onFinish={async (v) => {
            try {
              await create.mutateAsync(v);
              void message.success(t('common.saved'));
              setOpen(false);
            } catch (e) {
              showError(e, form);
            }
          }}
        >
          <Form.Item name="code" label={t('plans.indicators.code')} rules={[{ required: true }]} extra={t('plans.indicators.codeHint')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('plans.indicators.nameZh')} rules={[{ required: true }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('plans.indicators.nameEn')} rules={[{ required: true }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="unit" label={t('plans.indicators.unit')} rules={[{ required: true }]}>
            <Input maxLength={10} />
          </Form.Item>
          <Form.Item name="field" label={t('plans.indicators.field')} rules={[{ required: true }]} extra={t('plans.indicators.fieldHint')}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="aggregation" label={t('plans.indicators.aggregation')}>
            <Select options={(['sum', 'count'] as const).map((a) => ({ value: a, label: t(`plans.indicators.agg.${a}`) }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      </Drawer>
    </Flex>
  );
};
