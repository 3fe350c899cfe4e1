import { useState } from 'react';
import { App, Button, Card, Col, Empty, Flex, Menu, Row, Select, Switch, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { TDictionaryItem } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useDictionaries, useUpdateDictionaryItem } from '../../api/dictionaries';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { currentLocale } from '../../app/i18n';
import { DictionaryItemForm, type DictionaryItemTarget } from './DictionaryItemForm';
import { dictionaryName, sortedItems } from './dictionaryModel';

export const DictionaryList = () => {
  const { t } = useTranslation();
  const locale = currentLocale();
  const isMobile = useIsMobile();
  const { data: dictionaries, isPending, error, refetch } = useDictionaries();
  const update = useUpdateDictionaryItem();
  const showError = useApiError();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const [form, setForm] = useState<DictionaryItemTarget | null>(null);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  const code = params.get('code') ?? dictionaries?.[0]?.code;
  const current = dictionaries?.find((d) => d.code === code);
  const pick = (c: string) => setParams({ code: c }, { replace: true });
  const options = (dictionaries ?? []).map((d) => ({
    key: d.code,
    value: d.code,
    label: `${dictionaryName(d, locale)} (${d.items.length})`,
  }));

  const toggle = (item: TDictionaryItem, enabled: boolean) =>
    update.mutate(
      { code: item.dictionaryCode, id: item.id, version: item.version, enabled },
      { onSuccess: () => void message.success(t('common.saved')), onError: (e) => showError(e) },
    );

  return (
    <>
      <PageHeader title={t('dictionaries.title')} description={t('dictionaries.description')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8} lg={6}>
          {isMobile ? (
            <Select style={{ width: '100%' }} value={code} options={options} onChange={pick} placeholder={t('dictionaries.pick')} loading={isPending} />
          ) : (
            <Card title={t('dictionaries.list')} styles={{ body: { padding: 4 } }} loading={isPending}>
              {options.length ? (
                <Menu mode="inline" selectedKeys={code ? [code] : []} items={options} onClick={({ key }) => pick(key)} style={{ borderInlineEnd: 'none' }} />
              ) : (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dictionaries.noDictionaries')} />
              )}
            </Card>
          )}
        </Col>
        <Col xs={24} md={16} lg={18}>
          <Card
            title={
              current ? (
                <Flex gap={8} align="baseline" wrap>
                  <span>{dictionaryName(current, locale)}</span>
                  <Typography.Text type="secondary" className="mono">
                    {current.code}
                  </Typography.Text>
                </Flex>
              ) : (
                t('dictionaries.pick')
              )
            }
            extra={
              current && (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({ mode: 'create', dictionary: current })}>
                  {t('dictionaries.addItem')}
                </Button>
              )
            }
          >
            <Table<TDictionaryItem>
              rowKey="id"
              size="middle"
              loading={isPending}
              dataSource={current ? sortedItems(current.items) : []}
              pagination={false}
              scroll={{ x: 'max-content' }}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={
                      <Flex vertical gap={4}>
                        <Typography.Text strong>{t('dictionaries.empty')}</Typography.Text>
                        <Typography.Text type="secondary">{t('dictionaries.emptyHint')}</Typography.Text>
                      </Flex>
                    }
                  />
                ),
              }}
              columns={[
                { title: t('dictionaries.sortOrder'), dataIndex: 'sortOrder', width: 90, align: 'right' },
                { title: t('dictionaries.value'), dataIndex: 'value', render: (v: string) => <span className="mono">{v}</span> },
                { title: t('dictionaries.labelZh'), dataIndex: 'labelZh' },
                { title: t('dictionaries.labelEn'), dataIndex: 'labelEn' },
                {
                  title: t('dictionaries.enabled'),
                  dataIndex: 'enabled',
                  render: (on: boolean, item) => <Switch size="small" checked={on} onChange={(v) => toggle(item, v)} aria-label={t('dictionaries.enabled')} />,
                },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'right',
                  render: (_, item) =>
                    current && (
                      <Button type="link" size="small" onClick={() => setForm({ mode: 'edit', dictionary: current, item })}>
                        {t('common.edit')}
                      </Button>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <DictionaryItemForm target={form} onClose={() => setForm(null)} />
    </>
  );
};
