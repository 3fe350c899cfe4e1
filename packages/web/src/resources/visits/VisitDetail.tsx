import { useState } from 'react';
import { App, Button, DatePicker, Descriptions, Drawer, Empty, Flex, Form, Image, Input, Modal, Popconfirm, Skeleton, Tag, Typography } from 'antd';
import { CameraOutlined, EnvironmentOutlined, FileExcelOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import dayjs, { type Dayjs } from 'dayjs';
import { MAX_VISIT_PHOTOS, type TVisit } from '@liaison/shared';
import { apiUrl } from '../../api/client';
import { photoUrl, useDeleteVisit, useUpdateVisit, useUploadPhoto, useVisit } from '../../api/visits';
import { useSession } from '../../app/session';
import { useApiError } from '../../app/useApiError';
import { useIsMobile } from '../../components/useIsMobile';
import { useDictionary } from '../customers/useDictionary';
import { VisitQuickLog } from './VisitQuickLog';
import { methodColor, statusColor } from './visitModel';
import { shrinkPhoto } from './photos';

type EditValues = { learned?: string; needs?: string; products?: string; outcome?: string; nextStep?: string; note?: string };

/** One visit: what happened, who was there, where the check-in was, the photos, and what can be done next. */
export const VisitDetail = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { can } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const showError = useApiError();
  const { label } = useDictionary();
  const { data: v, isPending } = useVisit(id ?? undefined);
  const update = useUpdateVisit();
  const remove = useDeleteVisit();
  const upload = useUploadPhoto();
  const [completing, setCompleting] = useState(false);
  const [moving, setMoving] = useState<Dayjs | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [editing, setEditing] = useState(false);
  const [cancelForm] = Form.useForm<{ reason: string }>();
  const [editForm] = Form.useForm<EditValues>();

  const patch = (body: Record<string, unknown>, done: string) =>
    update.mutate({ id: v!.id, version: v!.version, ...body } as never, { onSuccess: () => void message.success(done), onError: (e) => showError(e, editing ? editForm : undefined, { onConflict: onClose }) });

  const addPhoto = async (files: FileList | null) => {
    if (!files?.length || !v) return;
    for (const f of [...files].slice(0, MAX_VISIT_PHOTOS - v.photos.length)) {
      try {
        await upload.mutateAsync({ id: v.id, file: await shrinkPhoto(f) });
      } catch (e) {
        showError(e);
        break;
      }
    }
  };

  const body = (visit: TVisit) => {
    const checkIn = visit.checkIn;
    return (
      <Flex vertical gap={16}>
        <Flex gap={6} wrap align="center">
          <Tag color={statusColor[visit.status]}>{t(`visits.status.${visit.status}`)}</Tag>
          <Tag color={methodColor[visit.method]}>{t(`visits.method.${visit.method}`)}</Tag>
          <Typography.Text>{label('visitPurpose', visit.purpose)}</Typography.Text>
        </Flex>
        <Descriptions
          size="small"
          column={1}
          bordered
          items={[
            { key: 'c', label: t('visits.fields.customer'), children: <Link to={`/customers/${visit.customerId}`}>{visit.customerName}</Link> },
            { key: 'm', label: t('visits.fields.manager'), children: visit.managerName },
            { key: 't', label: t('visits.fields.time'), children: `${dayjs(visit.startAt).format('YYYY-MM-DD HH:mm')}${visit.durationMinutes ? ` · ${t('visits.fields.minutes', { count: visit.durationMinutes })}` : ''}` },
            ...(visit.contacts.length ? [{ key: 'ct', label: t('visits.fields.contacts'), children: visit.contacts.map((c) => c.name).join('、') }] : []),
            ...(visit.participants.length ? [{ key: 'p', label: t('visits.fields.participants'), children: visit.participants.map((p) => p.name).join('、') }] : []),
            ...(['learned', 'needs', 'products', 'outcome', 'nextStep', 'note'] as const)
              .filter((k) => visit[k])
              .map((k) => ({ key: k, label: t(`visits.fields.${k}`), children: <span style={{ whiteSpace: 'pre-wrap' }}>{visit[k]}</span> })),
            ...(visit.nextDate ? [{ key: 'nd', label: t('visits.fields.nextDate'), children: `${visit.nextDate}${visit.nextVisitId ? ` · ${t('visits.show.nextVisit')}` : ''}` }] : []),
            ...(visit.reason ? [{ key: 'r', label: t('visits.fields.reason'), children: visit.reason === 'not_logged' ? t('visits.reason.not_logged') : visit.reason }] : []),
            ...(checkIn
              ? [
                  {
                    key: 'ci',
                    label: t('visits.fields.checkIn'),
                    children: (
                      <Flex vertical gap={2} data-testid="visit-check-in">
                        <span>
                          <EnvironmentOutlined /> {dayjs(checkIn.at).format('HH:mm')} · {t('visits.show.accuracy', { accuracy: Math.round(checkIn.accuracy) })}
                        </span>
                        <span>{checkIn.distance === null ? t('visits.show.noPlace') : t('visits.show.distance', { distance: checkIn.distance })}</span>
                        {checkIn.flag && (
                          <Typography.Text type="warning">
                            <WarningOutlined /> {t(`visits.flag.${checkIn.flag}`)}
                          </Typography.Text>
                        )}
                      </Flex>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('visits.fields.photos')}
          </Typography.Title>
          {visit.photos.length ? (
            <Image.PreviewGroup>
              <Flex gap={8} wrap>
                {visit.photos.map((p) => (
                  <Image key={p.id} width={96} height={96} style={{ objectFit: 'cover', borderRadius: 6 }} src={photoUrl(visit.id, p.id)} alt={p.fileName} />
                ))}
              </Flex>
            </Image.PreviewGroup>
          ) : (
            <Typography.Text type="secondary">{t('visits.show.noPhotos')}</Typography.Text>
          )}
          {can('visit.update') && visit.status === 'done' && visit.photos.length < MAX_VISIT_PHOTOS && (
            <label className="photo-add" style={{ marginTop: 8 }}>
              <CameraOutlined /> <span>{t('visits.show.addPhoto')}</span>
              <input type="file" accept="image/*" multiple hidden onChange={(e) => void addPhoto(e.target.files)} />
            </label>
          )}
        </div>
      </Flex>
    );
  };

  const actions = v && can('visit.update') && (
    <Flex gap={8} wrap justify="flex-end">
      <Button icon={<FileExcelOutlined />} href={apiUrl('/forms/visit-record.xlsx', { visitId: v.id })}>
        {t('visits.list.form4')}
      </Button>
      {v.status === 'planned' && (
        <>
          <DatePicker showTime={{ format: 'HH:mm' }} format="MM-DD HH:mm" placeholder={t('visits.show.reschedule')} value={moving} onChange={(d) => {
            setMoving(d);
            if (d) patch({ startAt: d.toDate().toISOString() }, t('visits.calendar.rescheduled', { date: d.format('MM-DD HH:mm') }));
          }} />
          <Button onClick={() => setCancelling(true)}>{t('visits.show.cancel')}</Button>
        </>
      )}
      {(v.status === 'planned' || v.status === 'missed') && (
        <Button type="primary" onClick={() => setCompleting(true)} data-testid="complete-visit">
          {t('visits.show.complete')}
        </Button>
      )}
      {v.status === 'done' && (
        <Button
          onClick={() => {
            editForm.setFieldsValue({ learned: v.learned ?? '', needs: v.needs ?? '', products: v.products ?? '', outcome: v.outcome ?? '', nextStep: v.nextStep ?? '', note: v.note ?? '' });
            setEditing(true);
          }}
        >
          {t('common.edit')}
        </Button>
      )}
      <Popconfirm title={t('visits.show.deleteConfirm')} onConfirm={() => remove.mutate({ id: v.id, version: v.version }, { onSuccess: () => { void message.success(t('visits.show.deleted')); onClose(); }, onError: (e) => showError(e) })}>
        <Button danger>{t('visits.show.delete')}</Button>
      </Popconfirm>
    </Flex>
  );

  return (
    <>
      <Drawer title={t('visits.show.title')} open={Boolean(id)} onClose={onClose} size={isMobile ? '100%' : 560} footer={actions} data-testid="visit-detail">
        {isPending || !v ? id ? <Skeleton active /> : <Empty /> : body(v)}
      </Drawer>
      {v && <VisitQuickLog open={completing} onClose={() => setCompleting(false)} customer={{ id: v.customerId, name: v.customerName }} planned={v} />}
      <Modal
        open={cancelling}
        title={t('visits.show.cancel')}
        onCancel={() => setCancelling(false)}
        onOk={() =>
          void cancelForm.validateFields().then(({ reason }) => {
            patch({ status: 'cancelled', reason }, t('common.saved'));
            setCancelling(false);
          })
        }
        destroyOnHidden
      >
        <Form form={cancelForm} layout="vertical">
          <Form.Item name="reason" label={t('visits.show.cancelReason')} rules={[{ required: true, whitespace: true, max: 500 }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={editing}
        title={t('common.edit')}
        onCancel={() => setEditing(false)}
        confirmLoading={update.isPending}
        onOk={() =>
          void editForm.validateFields().then((values) =>
            update.mutate({ id: v!.id, version: v!.version, ...values } as never, {
              onSuccess: () => {
                void message.success(t('common.saved'));
                setEditing(false);
              },
              onError: (e) => showError(e, editForm, { onConflict: () => setEditing(false) }),
            }),
          )
        }
        destroyOnHidden
      >
        <Form form={editForm} layout="vertical">
          {(['learned', 'needs', 'products', 'outcome', 'nextStep', 'note'] as const).map((k) => (
            <Form.Item key={k} name={k} label={t(`visits.fields.${k}`)} rules={[{ max: k === 'learned' ? 4000 : 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 6 }} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
};
