import type { ReactNode } from 'react';
import { Flex, Typography } from 'antd';

type Props = { title: ReactNode; description?: ReactNode; extra?: ReactNode };

export const PageHeader = ({ title, description, extra }: Props) => (
  <Flex className="page-header" justify="space-between" align="flex-start" wrap gap={12}>
    <div className="page-header-text">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {description && (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {description}
        </Typography.Paragraph>
      )}
    </div>
    {extra && (
      <Flex gap={8} wrap className="page-header-extra">
        {extra}
      </Flex>
    )}
  </Flex>
);
