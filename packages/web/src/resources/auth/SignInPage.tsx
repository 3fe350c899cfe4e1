import { useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { CheckCircleFilled, LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useMe, useSignIn } from '../../api/me';
import { isApiError } from '../../api/client';
import { BrandMark } from '../../app/Brand';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { changeLocale } from '../../app/i18n';
import { takeSignInNotice } from '../../app/session';
import { safeNext } from './authModel';

type Values = { username: string; password: string };

export const SignInPage = () => {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const signIn = useSignIn();
  const [form] = Form.useForm<Values>();
  const [notice] = useState(takeSignInNotice);
  const next = safeNext(params.get('next'));

  if (me && !signIn.isPending) return <Navigate to={next} replace />;

  const submit = (v: Values) =>
    signIn.mutate(v, {
      onSuccess: (signedIn) => {
        void changeLocale(signedIn.locale);
        void navigate(next, { replace: true });
      },
      onError: (e) => {
        form.setFieldValue('password', '');
        if (isApiError(e) && e.fields.length) form.setFields(e.fields.map((f) => ({ name: f.path as keyof Values, errors: [f.message] })));
      },
    });

  const error = signIn.error && isApiError(signIn.error) && !signIn.error.fields.length ? signIn.error.message : null;
  const noticeText =
    notice === 'signed_out' ? t('signIn.signedOut') : notice ? t('signIn.sessionExpired') : null;

  return (
    <div className="sign-in">
      <aside className="sign-in-hero">
        <Flex align="center" gap={12}>
          <BrandMark size={40} inverse />
          <Typography.Title level={3} style={{ color: '#fff', margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
        </Flex>
        <div>
          <Typography.Title level={2} style={{ color: '#fff', marginTop: 0 }}>
            {t('app.tagline')}
          </Typography.Title>
          <ul className="sign-in-features">
            {(['feature1', 'feature2', 'feature3'] as const).map((k) => (
              <li key={k}>
                <CheckCircleFilled /> {t(`signIn.${k}`)}
              </li>
            ))}
          </ul>
        </div>
        <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}>{t('signIn.copyright')}</Typography.Text>
      </aside>
      <main className="sign-in-main">
        <Flex justify="flex-end" className="sign-in-lang">
          <LanguageSwitch />
        </Flex>
        <Card className="sign-in-card" variant="borderless">
          <Flex vertical align="center" gap={8} className="sign-in-card-head">
            <span className="sign-in-mobile-mark">
              <BrandMark size={48} />
            </span>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('signIn.welcome')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('signIn.subtitle')}</Typography.Text>
          </Flex>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
          {!error && noticeText && <Alert type="info" showIcon title={noticeText} style={{ marginBottom: 16 }} />}
          <Form form={form} layout="vertical" size="large" requiredMark={false} onFinish={submit} data-testid="sign-in-form">
            <Form.Item name="username" label={t('signIn.username')} rules={[{ required: true, whitespace: true, message: t('signIn.usernamePlaceholder') }]}>
              <Input prefix={<UserOutlined />} placeholder={t('signIn.usernamePlaceholder')} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('signIn.password')} rules={[{ required: true, message: t('signIn.passwordPlaceholder') }]}>
              <Input.Password prefix={<LockOutlined />} placeholder={t('signIn.passwordPlaceholder')} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t('signIn.submit')}
            </Button>
          </Form>
        </Card>
      </main>
    </div>
  );
};
