import { Button, Dropdown } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '@liaison/shared';
import { useMe, useUpdateMe } from '../api/me';
import { changeLocale, currentLocale } from './i18n';
import { useApiError } from './useApiError';

/** Switches the UI language; a signed-in user's choice is saved to their profile. */
export const LanguageSwitch = ({ compact = false }: { compact?: boolean }) => {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const updateMe = useUpdateMe();
  const showError = useApiError();
  const locale = currentLocale();

  const pick = (next: Locale) => {
    if (next === locale) return;
    void changeLocale(next);
    if (me) updateMe.mutate({ locale: next }, { onError: (e) => showError(e) });
  };

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: locales.map((l) => ({ key: l, label: t(`lang.${l}`) })),
        onClick: ({ key }) => pick(key as Locale),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('lang.label')} data-testid="language-switch">
        {compact ? null : t(`lang.${locale}`)}
      </Button>
    </Dropdown>
  );
};
