import { useEffect } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { useTranslation } from 'react-i18next';
import { onQueryError, onUnauthorized, queryClient } from '../api/queryClient';
import { meKey } from '../api/me';
import { setCsrfToken } from '../api/client';
import { feedback, setFeedback } from './feedback';
import { router } from './router';
import { setSignInNotice } from './session';
import { theme } from './theme';

/** Hands the themed message API to code outside React and wires global API error handling. */
const FeedbackBridge = () => {
  const api = AntApp.useApp();
  useEffect(() => {
    setFeedback(api);
    onQueryError((e) => void feedback()?.message.error(e.message));
    onUnauthorized((code) => {
      // The session is gone (expired, signed out elsewhere, password reset): back to sign-in.
      if (!queryClient.getQueryData(meKey)) return;
      setSignInNotice(code === 'session_expired' ? 'session_expired' : 'authentication_required');
      setCsrfToken(null);
      queryClient.setQueryData(meKey, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meKey[0] || q.queryKey.length > 1 });
    });
  }, [api]);
  return null;
};

export const App = () => {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en-US' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <FeedbackBridge />
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
};
