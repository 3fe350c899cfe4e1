import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

/** Shown when a page throws while rendering, instead of a blank screen. */
export const RouteError = () => {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={t('errors.crashTitle')}
      subTitle={t('errors.crash')}
      extra={<Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>}
    />
  );
};
