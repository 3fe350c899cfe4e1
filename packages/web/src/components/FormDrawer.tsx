import type { ReactNode } from 'react';
import { Button, Drawer, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from './useIsMobile';

type Props = {
  title: ReactNode;
  open: boolean;
  onClose: () => void;
  onSubmit: () => void;
  submitting?: boolean;
  width?: number;
  children: ReactNode;
  extraFooter?: ReactNode;
};

/** The edit drawer of every resource: full width on phones, Save/Cancel in the footer. */
export const FormDrawer = ({ title, open, onClose, onSubmit, submitting, width = 520, children, extraFooter }: Props) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Drawer
      title={title}
      open={open}
      onClose={onClose}
      size={isMobile ? '100%' : width}
      destroyOnHidden
      styles={{ body: { padding: isMobile ? 16 : 24 } }}
      footer={
        <Flex justify="space-between" gap={8}>
          <div>{extraFooter}</div>
          <Flex gap={8}>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={submitting} onClick={onSubmit}>
              {t('common.save')}
            </Button>
          </Flex>
        </Flex>
      }
    >
      {children}
    </Drawer>
  );
};
