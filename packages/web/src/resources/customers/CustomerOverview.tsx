import type { ReactNode } from 'react';
import { Card, Descriptions, Flex, Typography, type DescriptionsProps } from 'antd';
import type { TCustomer } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { GradeBadge, KindText, LastContact, StageTag, TagList } from './customerBits';
import { RevealValue } from './RevealValue';
import { useDictionary } from './useDictionary';

const dash = <Typography.Text type="secondary">—</Typography.Text>;
const text = (v: string | null | undefined): ReactNode => (v ? <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{v}</span> : dash);
const column = { xs: 1, sm: 2, xl: 3 };

/** Every field of the customer file, dictionary values in words, sensitive ones masked with a reveal. */
export const CustomerOverview = ({ customer: c }: { customer: TCustomer }) => {
  const { t } = useTranslation();
  const { label } = useDictionary();
  const dict = (code: string, v: string | null) => (v ? label(code, v) : dash);
  const reveal = (field: 'phone' | 'idNumber' | 'address', phone = false) => (
    <RevealValue customerId={c.id} field={field} value={c[field]} masked={c.masked.includes(field)} phone={phone} address={field === 'address'} />
  );

  const basics: DescriptionsProps['items'] = [
    { key: 'kind', label: t('customers.kind'), children: <KindText kind={c.kind} /> },
    { key: 'shortName', label: t('fields.shortName'), children: text(c.shortName) },
    ...(c.kind === 'individual'
      ? [{ key: 'idNumber', label: t('fields.idNumber'), children: reveal('idNumber') }]
      : [
          ...(c.kind === 'outlet' ? [{ key: 'licenceNo', label: t('fields.licenceNo'), children: c.licenceNo ? <span className="mono">{c.licenceNo}</span> : dash }] : []),
          { key: 'creditCode', label: t('fields.creditCode'), children: c.creditCode ? <span className="mono">{c.creditCode}</span> : dash },
          { key: 'legalPerson', label: t('fields.legalPerson'), children: text(c.legalPerson) },
        ]),
    { key: 'phone', label: t('customers.phone'), children: reveal('phone', true) },
    { key: 'region', label: t('fields.regionCode'), children: text(c.regionName) },
    { key: 'address', label: t('fields.address'), children: reveal('address'), span: { xs: 1, sm: 2, xl: 2 } },
  ];
  const classification: DescriptionsProps['items'] = [
    { key: 'businessFormat', label: t('fields.businessFormat'), children: dict('businessFormat', c.businessFormat) },
    { key: 'marketType', label: t('fields.marketType'), children: dict('marketType', c.marketType) },
    { key: 'industry', label: t('fields.industry'), children: dict('industry', c.industry) },
    { key: 'ownership', label: t('fields.ownership'), children: dict('ownership', c.ownership) },
    { key: 'scale', label: t('fields.scale'), children: dict('scale', c.scale) },
    { key: 'source', label: t('fields.source'), children: dict('source', c.source) },
    { key: 'tags', label: t('fields.tags'), children: c.tags.length ? <TagList tags={c.tags} max={30} /> : dash, span: 'filled' },
  ];
  const business: DescriptionsProps['items'] = [
    { key: 'needs', label: t('fields.needs'), children: text(c.needs), span: 'filled' },
    { key: 'purchaseChannel', label: t('customerForm.purchaseChannel'), children: text(c.purchaseChannel) },
    { key: 'salesChannel', label: t('customerForm.salesChannel'), children: text(c.salesChannel) },
    { key: 'remark', label: t('fields.remark'), children: text(c.remark), span: 'filled' },
  ];
  const management: DescriptionsProps['items'] = [
    { key: 'owner', label: t('customers.owner'), children: c.ownerName ?? <Typography.Text type="secondary">{t('customers.noOwner')}</Typography.Text> },
    { key: 'orgUnit', label: t('customers.orgUnit'), children: c.orgUnitName },
    {
      key: 'stage',
      label: t('customers.stage'),
      children: (
        <Flex gap={8} align="center" wrap>
          <StageTag stage={c.stage} />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('customerDetail.stageSince', { date: formatDateTime(c.stageChangedAt).slice(0, 10) })}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'grade', label: t('customers.grade'), children: <GradeBadge grade={c.grade} /> },
    { key: 'isKey', label: t('customers.keyCustomer'), children: c.isKey ? t('common.yes') : t('common.no') },
    { key: 'lastContact', label: t('customers.lastContact'), children: <LastContact at={c.lastContactAt} grade={c.grade} /> },
    { key: 'createdAt', label: t('customers.createdAt'), children: formatDateTime(c.createdAt) },
    { key: 'updatedAt', label: t('common.updatedAt'), children: formatDateTime(c.updatedAt) },
  ];

  const section = (title: string, items: DescriptionsProps['items'], testId?: string) => (
    <Card size="small" title={title} className="detail-section" data-testid={testId}>
      <Descriptions column={column} items={items} size="small" colon={false} styles={{ label: { color: '#8c8c8c', width: 132, whiteSpace: 'nowrap' } }} />
    </Card>
  );

  return (
    <Flex vertical gap={16} data-testid="customer-overview">
      {section(t('customerDetail.basics'), basics, 'overview-basics')}
      {section(t('customerDetail.management'), management)}
      {section(t('customerDetail.classification'), classification)}
      {section(t('customerDetail.business'), business)}
    </Flex>
  );
};
