import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The 404 page; a resource page may name what is missing and where to go back to. */
export const NotFound = ({ subTitle, backTo = '/', backLabel }: { subTitle?: string; backTo?: string; backLabel?: string }) => {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={subTitle ?? t('errors.notFound')}
      extra={
        <Link to={backTo}>
          <Button type="primary">{backLabel ?? t('common.backHome')}</Button>
        </Link>
      }
    />
  );
};
