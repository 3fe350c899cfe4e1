import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const BrandMark = ({ size = 32, inverse = false }: { size?: number; inverse?: boolean }) => (
  <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true">
    <rect width="64" height="64" rx="14" fill={inverse ? '#ffffff' : '#1f4e9c'} />
    <path d="M20 16h8v26h16v7H20z" fill={inverse ? '#1f4e9c' : '#ffffff'} />
  </svg>
);

export const Brand = ({ collapsed = false }: { collapsed?: boolean }) => {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={10} className="brand" justify={collapsed ? 'center' : 'flex-start'}>
      <BrandMark />
      {!collapsed && (
        <Typography.Text strong className="brand-name" ellipsis>
          {t('app.brand')}
        </Typography.Text>
      )}
    </Flex>
  );
};
