import { useEffect, useState, type ReactNode } from 'react';
import { Badge, Button, Flex } from 'antd';
import { FilterOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useIsMobile } from './useIsMobile';

/** `collapseOn`: when it changes (a search was run), the phone's filter panel folds away so the results show. */
type Props = { search?: ReactNode; active: number; children: ReactNode; testId?: string; collapseOn?: unknown };

/** Filters in one row on desktop; on phones the search stays and the rest fold behind a button. */
export const FilterBar = ({ search, active, children, testId, collapseOn }: Props) => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [collapseOn]);

  if (!isMobile)
    return (
      <Flex gap={8} wrap className="filter-bar" data-testid={testId}>
        {search}
        {children}
      </Flex>
    );

  return (
    <Flex vertical gap={8} className="filter-bar filter-bar-mobile" data-testid={testId}>
      <Flex gap={8}>
        <div style={{ flex: 1, minWidth: 0 }}>{search}</div>
        <Badge count={active} size="small" offset={[-4, 4]}>
          <Button icon={<FilterOutlined />} onClick={() => setOpen((o) => !o)} data-testid="filter-toggle" type={open ? 'primary' : 'default'} ghost={open}>
            {search ? null : t('common.filter')}
          </Button>
        </Badge>
      </Flex>
      {open && (
        <Flex vertical gap={8} data-testid="filter-panel">
          {children}
        </Flex>
      )}
    </Flex>
  );
};
