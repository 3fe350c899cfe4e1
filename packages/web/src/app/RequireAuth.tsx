import { useEffect } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Spin } from 'antd';
import { useMe } from '../api/me';
import { changeLocale } from './i18n';
import { LoadError } from '../components/LoadError';

export const RequireAuth = () => {
  const { data: me, isPending, error, refetch } = useMe();
  const location = useLocation();
  const locale = me?.locale;

  // After sign-in the profile's language wins over the device's.
  useEffect(() => {
    if (locale) void changeLocale(locale);
  }, [locale]);

  if (isPending)
    return (
      <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center' }}>
        <Spin size="large" />
      </div>
    );
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!me) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
};
