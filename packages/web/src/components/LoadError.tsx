import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';

export const LoadError = ({ error, onRetry }: { error: unknown; onRetry?: () => void }) => {
  const { t } = useTranslation();
  return (
    <Result
      status="warning"
      title={t('errors.loadFailed')}
      subTitle={error instanceof Error ? error.message : undefined}
      extra={onRetry && <Button onClick={onRetry}>{t('errors.retry')}</Button>}
    />
  );
};
