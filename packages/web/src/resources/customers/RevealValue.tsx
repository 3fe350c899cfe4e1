import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { EnvironmentOutlined, EyeOutlined, PhoneOutlined, SafetyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useReveal, type RevealField } from '../../api/customers';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { useIsMobile } from '../../components/useIsMobile';

type Target = { customerId: string; field: RevealField; contactId?: string };

/**
 * Revealed values live in the query cache under one key per value, so one reveal shows the
 * value in every widget of the page (header, 基本信息, contacts). Never persisted: the cache is
 * memory only and the customer page drops these entries when it closes (useForgetReveals).
 */
export const revealKey = (t: Target) => ['revealed', t.customerId, t.field, t.contactId ?? ''] as const;

/** The value revealed for this target on this page, or undefined. */
export const useRevealed = (t: Target): string | null | undefined =>
  useQuery<string | null>({ queryKey: revealKey(t), queryFn: () => Promise.resolve(null), enabled: false, staleTime: Infinity }).data;

/** Reveals once (one audited call) and shares the answer; a second caller gets the cached value. */
export const useRevealOnce = () => {
  const qc = useQueryClient();
  const reveal = useReveal();
  const run = async (t: Target): Promise<string | null> => {
    const cached = qc.getQueryData<string | null>(revealKey(t));
    if (cached !== undefined) return cached;
    const r = await reveal.mutateAsync({ id: t.customerId, field: t.field, contactId: t.contactId });
    qc.setQueryData(revealKey(t), r.value ?? null);
    return r.value ?? null;
  };
  return { run, isPending: reveal.isPending };
};

/** Drops the page's revealed values (called when the customer page closes). */
export const forgetReveals = (qc: ReturnType<typeof useQueryClient>, customerId: string) => qc.removeQueries({ queryKey: ['revealed', customerId] });

/** Opens an external app link (tel:, geo:, a map site) the way a tap on a link would. */
export const openExternal = (href: string, newTab = false) => {
  const a = document.createElement('a');
  a.href = href;
  if (newTab) {
    a.target = '_blank';
    a.rel = 'noopener';
  }
  a.dataset.testid = 'external-link';
  document.body.appendChild(a);
  a.click();
  a.remove();
};

/** A map app on phones (geo:), the map site in a new tab on desktops. */
export const mapHref = (address: string, mobile: boolean) =>
  mobile ? `geo:0,0?q=${encodeURIComponent(address)}` : `https://uri.amap.com/search?keyword=${encodeURIComponent(address)}`;

type Props = Target & {
  /** The value as the API sent it (masked when `masked`). */
  value: string | null;
  masked: boolean;
  /** Phones get 拨打 (reveal and dial in one tap). */
  phone?: boolean;
  /** Addresses get 导航 (reveal and open the map app). */
  address?: boolean;
};

/** A sensitive value: masked with an eye that reveals it (audited), plus 拨打 / 导航 where they fit. */
export const RevealValue = ({ customerId, field, contactId, value, masked, phone, address }: Props) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const isMobile = useIsMobile();
  const target = { customerId, field, contactId };
  const revealed = useRevealed(target);
  const once = useRevealOnce();
  const showError = useApiError();
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  const clear = !masked ? value : revealed;
  const mayReveal = !masked || can('customer.reveal');
  const act = (then: (v: string) => void) => () =>
    void (clear != null ? Promise.resolve(clear) : once.run(target)).then((v) => v && then(v), (e: unknown) => showError(e));
  const dial = phone && mayReveal && (
    <Button size="small" icon={<PhoneOutlined />} loading={once.isPending} onClick={act((v) => openExternal(`tel:${v.replace(/[^\d+]/g, '')}`))} data-testid={`call-${field}`}>
      {t('customerDetail.call')}
    </Button>
  );
  const navigate = address && mayReveal && (
    <Button size="small" icon={<EnvironmentOutlined />} loading={once.isPending} onClick={act((v) => openExternal(mapHref(v, isMobile), !isMobile))} data-testid={`navigate-${field}`}>
      {t('customerDetail.navigate')}
    </Button>
  );
  if (clear != null)
    return (
      <Space size={6} wrap data-testid={masked ? `revealed-${field}` : undefined}>
        {phone ? <a href={`tel:${clear}`}>{clear}</a> : <span style={{ wordBreak: 'break-word' }}>{clear}</span>}
        {masked && (
          <Tooltip title={t('customerDetail.revealTooltip')}>
            <Tag icon={<SafetyOutlined />} color="warning" variant="filled" style={{ marginInlineEnd: 0 }}>
              {t('customerDetail.revealedNote')}
            </Tag>
          </Tooltip>
        )}
        {dial}
        {navigate}
      </Space>
    );
  return (
    <Space size={4} wrap>
      <span className="masked-value">{value}</span>
      {can('customer.reveal') && (
        <Tooltip title={t('customerDetail.revealTooltip')}>
          <Button type="link" size="small" icon={<EyeOutlined />} loading={once.isPending} style={{ paddingInline: 4 }} data-testid={`reveal-${field}`} onClick={act(() => undefined)}>
            {t('customerDetail.reveal')}
          </Button>
        </Tooltip>
      )}
      {dial}
      {navigate}
    </Space>
  );
};

/** 拨打 on a list card: one audited reveal (or none when already shown), then the dialler. */
export const CallButton = ({ customerId }: { customerId: string }) => {
  const { t } = useTranslation();
  const once = useRevealOnce();
  const showError = useApiError();
  return (
    <Button
      size="small"
      icon={<PhoneOutlined />}
      loading={once.isPending}
      data-testid="card-call"
      onClick={(e) => {
        e.stopPropagation();
        void once.run({ customerId, field: 'phone' }).then((v) => v && openExternal(`tel:${v.replace(/[^\d+]/g, '')}`), (err: unknown) => showError(err));
      }}
    >
      {t('customerDetail.call')}
    </Button>
  );
};
