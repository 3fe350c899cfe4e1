import { Flex, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDays, localDate, localTime, type TPlan } from '@liaison/shared';

/** A time as Beijing time, whatever the browser's zone (plans are due in Beijing time). */
export const beijing = (iso: string): string => `${localDate(iso)} ${localTime(iso)}`;

/** A due time: midnight reads as the end of the day before ("25 December 24:00"), as people say it. */
export const dueText = (iso: string): string => (localTime(iso) === '00:00' ? `${addDays(localDate(iso), -1)} 24:00` : beijing(iso));

/** A measured or target value with its unit: ratios as per cent, amounts with up to two decimals. */
export const fmtValue = (n: number | null | undefined, unit: string): string => {
  if (n == null) return '—';
  const text = Number.isInteger(n) ? String(n) : n.toFixed(unit === '%' ? 1 : 2);
  return unit === '%' ? `${text}%` : text;
};

const colors: Record<TPlan['status'], string> = { draft: 'default', submitted: 'blue', approved: 'green', returned: 'orange' };

export const PlanStatusTag = ({ plan }: { plan: Pick<TPlan, 'status' | 'late'> }) => {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      <Tag color={colors[plan.status]} data-testid="plan-status">
        {t(`plans.status.${plan.status}`)}
      </Tag>
      {plan.late && <Tag color="red">{t('plans.late')}</Tag>}
    </Flex>
  );
};
