import { useEffect } from 'react';
import { App, Empty, Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import type { TCustomer, TCustomerStage } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useChangeStage } from '../../api/customers';
import { useApiError } from '../../app/useApiError';
import { StageTag } from './customerBits';
import { nextStages, stageNeedsReason } from './customerModel';

type Values = { stage: TCustomerStage; reason?: string };

/** Moves a customer along its lifecycle; going back, dormant or lost asks why. */
export const StageModal = ({ customer, open, onClose }: { customer: TCustomer; open: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const change = useChangeStage();
  const showError = useApiError();
  const { message } = App.useApp();
  const to = Form.useWatch('stage', form);
  const options = nextStages(customer.stage);
  const needsReason = Boolean(to && stageNeedsReason(customer.stage, to));
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);

  return (
    <Modal
      open={open}
      title={t('customerDetail.stageTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ disabled: !options.length }}
      confirmLoading={change.isPending}
      destroyOnHidden
    >
      {options.length ? (
        <Form
          form={form}
          layout="vertical"
          data-testid="stage-form"
          onFinish={(v) =>
            change.mutate(
              { id: customer.id, version: customer.version, stage: v.stage, reason: v.reason?.trim() || undefined },
              {
                onSuccess: () => {
                  void message.success(t('customerDetail.stageChanged'));
                  onClose();
                },
                onError: (e) => showError(e, form, { onConflict: onClose }),
              },
            )
          }
        >
          <Form.Item label={t('customerDetail.currentStage')}>
            <StageTag stage={customer.stage} />
          </Form.Item>
          <Form.Item name="stage" label={t('customerDetail.stageTo')} rules={[{ required: true, message: t('common.requiredSelect', { field: t('customerDetail.stageTo') }) }]}>
            <Radio.Group>
              <Space wrap>
                {options.map((s) => (
                  <Radio.Button key={s} value={s}>
                    <ArrowRightOutlined style={{ fontSize: 11, marginInlineEnd: 6, opacity: 0.6 }} />
                    {t(`customers.stages.${s}`)}
                  </Radio.Button>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('customerDetail.stageReason')}
            extra={needsReason ? t('customerDetail.stageReasonRequired') : undefined}
            rules={[{ required: needsReason, whitespace: true, message: t('customerDetail.stageReasonRequired') }, { max: 500 }]}
            style={{ marginBottom: 0 }}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<Typography.Text type="secondary">{t('customerDetail.noNextStage')}</Typography.Text>} />
      )}
    </Modal>
  );
};
