import { Alert, Button, Card, Flex, Typography, Upload } from 'antd';
import { LineChartOutlined, UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useImportFigures } from '../../api/imports';
import { useApiError } from '../../app/useApiError';
import { ErrorTable } from './ImportWizard';

/** Monthly business figures for grading: one upload, all or nothing, answered at once. */
export const FiguresImport = () => {
  const { t } = useTranslation();
  const figures = useImportFigures();
  const showError = useApiError();
  const result = figures.data;

  return (
    <Card
      title={
        <Flex gap={8} align="center">
          <LineChartOutlined />
          {t('imports.figuresTitle')}
        </Flex>
      }
      style={{ marginTop: 16 }}
      data-testid="figures-import"
    >
      <Typography.Paragraph type="secondary">{t('imports.figuresHint')}</Typography.Paragraph>
      <Upload
        accept=".xlsx,.csv"
        showUploadList={false}
        beforeUpload={(file) => {
          figures.mutate(file, { onError: (e) => showError(e) });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={figures.isPending}>
          {t('imports.figuresUpload')}
        </Button>
      </Upload>
      {result && (
        <Flex vertical gap={12} style={{ marginTop: 16 }}>
          <Alert
            type={result.errors.length ? 'warning' : 'success'}
            showIcon
            title={result.errors.length ? t('imports.figuresErrors', { count: result.errors.length }) : t('imports.figuresDone', { count: result.imported })}
          />
          {result.errors.length > 0 && <ErrorTable job={{ errors: result.errors.slice(0, 200), errorCount: result.errors.length }} />}
        </Flex>
      )}
    </Card>
  );
};
