import { useEffect, useMemo, useState } from 'react';
import { App, Button, Collapse, DatePicker, Drawer, Flex, Form, Input, Segmented, Select, Space, Tag, Typography } from 'antd';
import { CameraOutlined, CheckCircleFilled, CloseOutlined, EnvironmentOutlined, LoadingOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import dayjs, { type Dayjs } from 'dayjs';
import { MAX_VISIT_PHOTOS, type TCheckIn, type TCreateVisitBody, type TVisit, type TVisitMethod } from '@liaison/shared';
import { useIsMobile } from '../../components/useIsMobile';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { useDictionary } from '../customers/useDictionary';
import { logVisit } from '../../offline/outbox';
import { useInvalidateVisits } from '../../api/visits';
import { presetMethod } from './visitModel';
import { shrinkPhoto } from './photos';
import { CustomerPicker } from './CustomerPicker';

export type QuickLogCustomer = { id: string; name: string; onsiteDueAt?: string | null; phoneDueAt?: string | null };

type Props = {
  open: boolean;
  onClose: () => void;
  /** The customer to log for; without one the form asks. */
  customer?: QuickLogCustomer | null;
  /** A planned visit this log completes. */
  planned?: TVisit | null;
  onSaved?: (r: { queued: boolean }) => void;
};

type Values = {
  customerId?: string;
  method: TVisitMethod;
  purpose: string;
  startAt: Dayjs | null;
  learned?: string;
  needs?: string;
  products?: string;
  outcome?: string;
  nextStep?: string;
  nextDate?: Dayjs | null;
};

type Geo = { state: 'idle' | 'locating' | 'ok' | 'failed'; checkIn?: TCheckIn; error?: string };

const QUICK_METHODS: TVisitMethod[] = ['onsite', 'phone', 'wechat'];

/**
 * The field log: from a due customer, "记录拜访" opens this with the method preset from what is
 * due, the purpose from the plan or 回访, and the time as now — type what happened and save.
 * On-site it checks in by itself; photos are shrunk on the phone before they travel. Without
 * signal the visit waits in the outbox and syncs itself later, never twice.
 */
export const VisitQuickLog = ({ open, onClose, customer, planned, onSaved }: Props) => {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const showError = useApiError();
  const invalidate = useInvalidateVisits();
  const { options } = useDictionary();
  const [form] = Form.useForm<Values>();
  const [picked, setPicked] = useState<QuickLogCustomer | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [geo, setGeo] = useState<Geo>({ state: 'idle' });
  const [editTime, setEditTime] = useState(false);
  const [saving, setSaving] = useState(false);
  const method = Form.useWatch('method', form);
  const nextDate = Form.useWatch('nextDate', form);
  const target = customer ?? picked;

  const previews = useMemo(() => photos.map((p) => URL.createObjectURL(p)), [photos]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  useEffect(() => {
    if (!open) return;
    const now = new Date();
    form.setFieldsValue({
      method: planned?.method ?? presetMethod(customer ? { onsiteDueAt: customer.onsiteDueAt ?? null, phoneDueAt: customer.phoneDueAt ?? null } : null, now),
      purpose: planned?.purpose ?? 'followUp',
      startAt: null,
      learned: undefined,
      nextDate: null,
    });
    setPhotos([]);
    setGeo({ state: 'idle' });
    setEditTime(false);
    setPicked(null);
  }, [open, customer, planned, form]);

  const locate = () => {
    if (!('geolocation' in navigator)) return setGeo({ state: 'failed', error: t('visits.quickLog.noGeo') });
    setGeo({ state: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (p) => setGeo({ state: 'ok', checkIn: { lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy), at: new Date(p.timestamp).toISOString() } }),
      (e) => setGeo({ state: 'failed', error: e.message || String(e.code) }),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };
  // On-site, the position is taken at once: one tap fewer at the customer's door.
  useEffect(() => {
    if (open && method === 'onsite' && geo.state === 'idle') locate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, method]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    const room = MAX_VISIT_PHOTOS - photos.length;
    const chosen = [...files].slice(0, Math.max(0, room));
    const shrunk = await Promise.all(chosen.map(shrinkPhoto));
    setPhotos((p) => [...p, ...shrunk]);
  };

  const submit = async () => {
    const v = await form.validateFields();
    if (!target) return;
    const body: TCreateVisitBody = {
      customerId: target.id,
      status: 'done',
      method: v.method,
      purpose: v.purpose,
      startAt: (v.startAt ?? dayjs()).toDate().toISOString(),
      learned: v.learned || undefined,
      needs: v.needs || undefined,
      products: v.products || undefined,
      outcome: v.outcome || undefined,
      nextStep: v.nextStep || undefined,
      nextDate: v.nextDate ? v.nextDate.format('YYYY-MM-DD') : undefined,
      checkIn: v.method === 'onsite' && geo.state === 'ok' ? geo.checkIn : undefined,
      ...(planned ? { plannedVisitId: planned.id } : {}),
    };
    setSaving(true);
    try {
      const r = await logVisit(me.id, target.name, body, photos);
      if (r.queued) void message.warning(t('visits.quickLog.queued'));
      else void message.success(t('visits.quickLog.saved'));
      void invalidate();
      onSaved?.({ queued: r.queued });
      onClose();
    } catch (e) {
      showError(e, form);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      title={
        <Flex vertical gap={0}>
          <span>{planned ? t('visits.quickLog.completeTitle') : t('visits.quickLog.title')}</span>
          {target && (
            <Typography.Text type="secondary" style={{ fontSize: 13, fontWeight: 400 }}>
              {target.name}
            </Typography.Text>
          )}
        </Flex>
      }
      open={open}
      onClose={onClose}
      placement={isMobile ? 'bottom' : 'right'}
      size={isMobile ? '92%' : 520}
      destroyOnHidden
      styles={{ body: { padding: isMobile ? 16 : 24 } }}
      footer={
        <Button type="primary" size="large" block loading={saving} disabled={!target} onClick={() => void submit()} data-testid="quick-log-save">
          {t('visits.quickLog.save')}
        </Button>
      }
      data-testid="quick-log"
    >
      <Form form={form} layout="vertical" requiredMark={false}>
        {!customer && (
          <Form.Item name="customerId" label={t('visits.fields.customer')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('visits.fields.customer') }) }]}>
            <CustomerPicker onPick={setPicked} />
          </Form.Item>
        )}
        <Form.Item name="method" label={t('visits.fields.method')} rules={[{ required: true }]}>
          <Segmented
            block
            options={[
              ...QUICK_METHODS.map((m) => ({ value: m, label: t(`visits.method.${m}`) })),
              ...(method && !QUICK_METHODS.includes(method) ? [{ value: method, label: t(`visits.method.${method}`) }] : []),
            ]}
            data-testid="quick-log-method"
          />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="purpose" label={t('visits.fields.purpose')} rules={[{ required: true }]} style={{ flex: '1 1 160px' }}>
            <Select options={options('visitPurpose')} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Form.Item label={t('visits.fields.time')} style={{ flex: '1 1 160px' }}>
            {editTime ? (
              <Form.Item name="startAt" noStyle>
                <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs().endOf('day'))} />
              </Form.Item>
            ) : (
              <Space>
                <Typography.Text>{t('visits.quickLog.now')}</Typography.Text>
                <Button type="link" size="small" onClick={() => setEditTime(true)} style={{ padding: 0 }}>
                  {t('visits.quickLog.changeTime')}
                </Button>
              </Space>
            )}
          </Form.Item>
        </Flex>
        <Form.Item name="learned" label={t('visits.fields.learned')} rules={[{ max: 4000 }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} placeholder={t('visits.quickLog.learnedPlaceholder')} data-testid="quick-log-note" />
        </Form.Item>
        {method === 'onsite' && (
          <Flex align="center" gap={8} style={{ marginBottom: 16 }} data-testid="quick-log-geo">
            <EnvironmentOutlined />
            {geo.state === 'locating' && (
              <Typography.Text type="secondary">
                <LoadingOutlined /> {t('visits.quickLog.checkingIn')}
              </Typography.Text>
            )}
            {geo.state === 'ok' && (
              <Typography.Text type="success">
                <CheckCircleFilled /> {t('visits.quickLog.checkedIn', { accuracy: geo.checkIn!.accuracy })}
              </Typography.Text>
            )}
            {geo.state === 'failed' && <Typography.Text type="warning">{t('visits.quickLog.checkInFailed', { reason: geo.error })}</Typography.Text>}
            {(geo.state === 'failed' || geo.state === 'idle') && (
              <Button size="small" onClick={locate}>
                {geo.state === 'idle' ? t('visits.quickLog.checkIn') : t('visits.quickLog.checkInRetry')}
              </Button>
            )}
          </Flex>
        )}
        <Form.Item label={t('visits.fields.photos')} extra={t('visits.quickLog.photoHint')}>
          <Flex gap={8} wrap>
            {previews.map((src, i) => (
              <div key={src} className="photo-thumb">
                <img src={src} alt="" />
                <Button size="small" shape="circle" icon={<CloseOutlined />} className="photo-remove" onClick={() => setPhotos((p) => p.filter((_, j) => j !== i))} aria-label={t('common.delete')} />
              </div>
            ))}
            {photos.length < MAX_VISIT_PHOTOS && (
              <label className="photo-add" data-testid="quick-log-photo">
                <CameraOutlined style={{ fontSize: 20 }} />
                <span>{t('visits.quickLog.photo')}</span>
                <input type="file" accept="image/jpeg,image/png,image/webp,image/*" multiple hidden onChange={(e) => void addPhotos(e.target.files)} />
              </label>
            )}
          </Flex>
        </Form.Item>
        <Collapse
          ghost
          size="small"
          items={[
            {
              key: 'more',
              label: t('visits.quickLog.more'),
              children: (
                <>
                  <Form.Item name="needs" label={t('visits.fields.needs')} rules={[{ max: 2000 }]}>
                    <Input.TextArea autoSize={{ minRows: 2 }} />
                  </Form.Item>
                  <Form.Item name="products" label={t('visits.fields.products')} rules={[{ max: 1000 }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="outcome" label={t('visits.fields.outcome')} rules={[{ max: 2000 }]}>
                    <Input.TextArea autoSize={{ minRows: 2 }} />
                  </Form.Item>
                  <Form.Item name="nextStep" label={t('visits.fields.nextStep')} rules={[{ max: 1000 }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="nextDate" label={t('visits.fields.nextDate')} extra={nextDate ? t('visits.quickLog.nextPlanned', { date: nextDate.format('YYYY-MM-DD') }) : undefined}>
                    <DatePicker style={{ width: '100%' }} disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
                  </Form.Item>
                </>
              ),
            },
          ]}
        />
        {planned && (
          <Tag color="processing" style={{ marginTop: 8 }}>
            {t(`visits.method.${planned.method}`)} · {dayjs(planned.startAt).format('MM-DD HH:mm')}
          </Tag>
        )}
      </Form>
    </Drawer>
  );
};

