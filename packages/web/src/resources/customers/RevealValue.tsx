import { useState } from 'react';
import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { EyeOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useReveal, type RevealField } from '../../api/customers';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';

type Props = {
  customerId: string;
  field: RevealField;
  contactId?: string;
  /** The value as the API sent it (masked when `masked`). */
  value: string | null;
  masked: boolean;
  /** Phones become a tap-to-call link once shown. */
  phone?: boolean;
};

/** A sensitive value: masked, with an eye button that reveals it inline (an audited call). */
export const RevealValue = ({ customerId, field, contactId, value, masked, phone }: Props) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const reveal = useReveal();
  const showError = useApiError();
  const [shown, setShown] = useState<string | null>(null);
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  if (!masked) return phone ? <a href={`tel:${value}`}>{value}</a> : <>{value}</>;
  if (shown !== null)
    return (
      <Space size={6} wrap data-testid={`revealed-${field}`}>
        {phone ? <a href={`tel:${shown}`}>{shown}</a> : <span>{shown}</span>}
        <Tooltip title={t('customerDetail.revealTooltip')}>
          <Tag icon={<SafetyOutlined />} color="warning" variant="filled" style={{ marginInlineEnd: 0 }}>
            {t('customerDetail.revealedNote')}
          </Tag>
        </Tooltip>
      </Space>
    );
  return (
    <Space size={4} wrap>
      <span className="masked-value">{value}</span>
      {can('customer.reveal') && (
        <Tooltip title={t('customerDetail.revealTooltip')}>
          <Button
            type="link"
            size="small"
            icon={<EyeOutlined />}
            loading={reveal.isPending}
            style={{ paddingInline: 4 }}
            data-testid={`reveal-${field}`}
            onClick={() =>
              reveal.mutate({ id: customerId, field, contactId }, { onSuccess: (r) => setShown(r.value ?? ''), onError: (e) => showError(e) })
            }
          >
            {t('customerDetail.reveal')}
          </Button>
        </Tooltip>
      )}
    </Space>
  );
};
