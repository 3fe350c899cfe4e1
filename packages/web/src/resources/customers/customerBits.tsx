import { Space, Tag, Tooltip, Typography } from 'antd';
import { StarFilled } from '@ant-design/icons';
import type { TCustomerKind, TCustomerStage } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../components/format';
import { usePoolRules } from '../../api/pool';
import { contactStanding, daysSince, followUpPeriod, stageColor } from './customerModel';
import { useDictionary } from './useDictionary';

export const StageTag = ({ stage }: { stage: TCustomerStage }) => {
  const { t } = useTranslation();
  return (
    <Tag color={stageColor[stage]} style={{ marginInlineEnd: 0 }} data-testid="stage-tag">
      {t(`customers.stages.${stage}`)}
    </Tag>
  );
};

const gradePalette: Record<string, string> = { A: '#1f9d55', B: '#1f5fc4', C: '#d48806', D: '#8c8c8c' };

/** A grade as a small round badge: A green, B blue, C amber, D grey. */
export const GradeBadge = ({ grade, size = 22 }: { grade: string | null; size?: number }) => {
  if (!grade) return <Typography.Text type="secondary">—</Typography.Text>;
  const color = gradePalette[grade] ?? '#595959';
  return (
    <span className="grade-badge" style={{ background: color, width: size, height: size, fontSize: size * 0.55 }} data-testid="grade-badge">
      {grade}
    </span>
  );
};

export const KeyFlag = ({ isKey }: { isKey: boolean }) => {
  const { t } = useTranslation();
  if (!isKey) return null;
  return (
    <Tooltip title={t('customers.keyCustomer')}>
      <StarFilled style={{ color: '#faad14' }} aria-label={t('customers.keyCustomer')} />
    </Tooltip>
  );
};

export const KindText = ({ kind }: { kind: TCustomerKind }) => {
  const { t } = useTranslation();
  return <>{t(`customers.kinds.${kind}`)}</>;
};

/** "3 天前", coloured when the customer has gone without contact for long. */
export const LastContact = ({ at, grade }: { at: string | null; grade?: string | null }) => {
  const { t } = useTranslation();
  const { data: rules } = usePoolRules();
  const period = followUpPeriod(rules, grade);
  const days = daysSince(at);
  const standing = contactStanding(days, period);
  if (standing === 'never')
    return (
      <Typography.Text type="warning" data-testid="last-contact" data-standing="never">
        {t('customers.never')}
      </Typography.Text>
    );
  const type = standing === 'overdue' ? 'danger' : standing === 'soon' ? 'warning' : undefined;
  return (
    <Tooltip title={`${formatDateTime(at)} · ${t('customers.contactPeriod', { days: period.days })}`}>
      <Typography.Text type={type} data-testid="last-contact" data-standing={standing} style={{ whiteSpace: 'nowrap' }}>
        {days === 0 ? t('customers.contactToday') : t('customers.daysAgo', { count: days ?? 0 })}
      </Typography.Text>
    </Tooltip>
  );
};

/** Customer tags by their dictionary labels. */
export const TagList = ({ tags, max = 3 }: { tags: string[]; max?: number }) => {
  const { label } = useDictionary();
  if (!tags.length) return null;
  const shown = tags.slice(0, max);
  const rest = tags.length - shown.length;
  return (
    <Space size={[4, 4]} wrap>
      {shown.map((tg) => (
        <Tag key={tg} variant="filled" color="processing" style={{ marginInlineEnd: 0 }}>
          {label('customerTag', tg)}
        </Tag>
      ))}
      {rest > 0 && (
        <Tooltip title={tags.slice(max).map((tg) => label('customerTag', tg)).join('、')}>
          <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
            +{rest}
          </Tag>
        </Tooltip>
      )}
    </Space>
  );
};
