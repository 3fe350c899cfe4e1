import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Progress, Radio, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { CloudUploadOutlined, DownloadOutlined, FileExcelOutlined, InboxOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { apiUrl } from '../../api/client';
import { useImportJob, useStartImport, type ImportError, type ImportMode, type TImportJob } from '../../api/imports';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { useApiError } from '../../app/useApiError';
import { FiguresImport } from './FiguresImport';
import { acceptsFile, importModes, importOutcome, importPercent, isImportMode } from './importModel';

/** Template and mode → upload → progress and result. The running job lives in the URL (?job=). */
export const ImportWizard = () => {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const modeParam = params.get('mode');
  const mode: ImportMode = isImportMode(modeParam) ? modeParam : 'all';
  const [step, setStep] = useState<0 | 1>(0);
  const start = useStartImport();
  const showError = useApiError();
  const { message } = App.useApp();
  const { data: job } = useImportJob(jobId);
  const finished = job && job.status !== 'running' ? importOutcome(job) : null;
  const failed = finished === 'rejected' || finished === 'crashed';
  // A good result finishes every step; a rejected file marks the last step as failed.
  const current = jobId ? (finished && !failed ? 3 : 2) : step;

  const upload = (file: File) => {
    if (!acceptsFile(file.name)) {
      void message.error(t('imports.uploadHint'));
      return;
    }
    start.mutate(
      { file, mode },
      {
        onSuccess: (job) => setParams({ job: job.id, ...(mode === 'all' ? {} : { mode }) }, { replace: true }),
        onError: (e) => showError(e),
      },
    );
  };
  const restart = () => {
    setStep(0);
    setParams(mode === 'all' ? {} : { mode }, { replace: true });
  };

  return (
    <>
      <PageHeader title={t('imports.title')} description={t('imports.description')} />
      <Card>
        <Steps
          current={current}
          status={failed ? 'error' : undefined}
          size="small"
          responsive={false}
          titlePlacement={isMobile ? 'vertical' : 'horizontal'}
          items={[{ title: t('imports.steps.prepare') }, { title: t('imports.steps.upload') }, { title: t('imports.steps.result') }]}
          style={{ marginBottom: 24, maxWidth: 720 }}
        />
        {current === 0 && (
          <Flex vertical gap={24} data-testid="import-prepare">
            <section>
              <Typography.Title level={5}>{t('imports.templateTitle')}</Typography.Title>
              <Typography.Paragraph type="secondary">{t('imports.templateHint')}</Typography.Paragraph>
              <Button icon={<DownloadOutlined />} href={apiUrl('/imports/template.xlsx')} data-testid="download-template">
                {t('imports.downloadTemplate')}
              </Button>
            </section>
            <section>
              <Typography.Title level={5}>{t('imports.modeTitle')}</Typography.Title>
              <Radio.Group value={mode} onChange={(e) => setParams(e.target.value === 'all' ? {} : { mode: e.target.value }, { replace: true })} style={{ width: '100%' }}>
                <Flex vertical={isMobile} gap={12}>
                  {importModes.map((m) => (
                    <label key={m} className={`mode-card${mode === m ? ' mode-card-active' : ''}`}>
                      <Radio value={m} data-testid={`mode-${m}`}>
                        <Typography.Text strong>{t(`imports.modes.${m}`)}</Typography.Text>
                      </Radio>
                      <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0 24px', fontSize: 13 }}>
                        {t(`imports.modeHints.${m}`)}
                      </Typography.Paragraph>
                    </label>
                  ))}
                </Flex>
              </Radio.Group>
            </section>
            <div>
              <Button type="primary" onClick={() => setStep(1)} data-testid="import-next">
                {t('imports.next')}
              </Button>
            </div>
          </Flex>
        )}
        {current === 1 && (
          <Flex vertical gap={16} data-testid="import-upload">
            <Upload.Dragger
              accept=".xlsx,.csv"
              multiple={false}
              showUploadList={false}
              disabled={start.isPending}
              beforeUpload={(file) => {
                upload(file);
                return false;
              }}
              data-testid="import-dragger"
            >
              <p className="ant-upload-drag-icon">{start.isPending ? <CloudUploadOutlined /> : <InboxOutlined />}</p>
              <p className="ant-upload-text">{start.isPending ? t('imports.uploading') : t('imports.uploadTitle')}</p>
              <p className="ant-upload-hint">{t('imports.uploadHint')}</p>
            </Upload.Dragger>
            <Flex gap={8} align="center" wrap>
              <Button onClick={() => setStep(0)} disabled={start.isPending}>
                {t('imports.back')}
              </Button>
              <Tag variant="filled">
                {t('imports.mode')}：{t(`imports.modes.${mode}`)}
              </Tag>
            </Flex>
          </Flex>
        )}
        {current >= 2 && jobId && <ImportProgress jobId={jobId} onRestart={restart} />}
      </Card>
      <FiguresImport />
    </>
  );
};

const ImportProgress = ({ jobId, onRestart }: { jobId: string; onRestart: () => void }) => {
  const { t } = useTranslation();
  const { data: job, error, refetch } = useImportJob(jobId);
  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;
  if (!job)
    return (
      <div className="indeterminate-bar" role="progressbar" aria-busy="true">
        <span />
      </div>
    );
  const outcome = importOutcome(job);

  if (outcome === 'running')
    return (
      <Flex vertical gap={12} style={{ maxWidth: 640 }} data-testid="import-progress">
        <Typography.Text type="secondary">
          <FileExcelOutlined /> {t('imports.file', { name: job.fileName })}
        </Typography.Text>
        <Flex justify="space-between">
          <Typography.Text strong data-testid="import-phase">
            {t(`imports.phases.${job.phase}`)}
          </Typography.Text>
          <Typography.Text type="secondary">
            {job.totalRows ? t('imports.processed', { processed: job.processedRows, total: job.totalRows }) : t('imports.processedNoTotal', { processed: job.processedRows })}
          </Typography.Text>
        </Flex>
        {importPercent(job) === null ? (
          <div className="indeterminate-bar" role="progressbar" aria-busy="true" data-testid="import-indeterminate">
            <span />
          </div>
        ) : (
          <Progress percent={importPercent(job)!} status="active" />
        )}
      </Flex>
    );

  const status = outcome === 'complete' ? 'success' : outcome === 'partial' ? 'warning' : 'error';
  const subTitle =
    outcome === 'complete'
      ? t('imports.importedRows', { count: job.importedRows })
      : outcome === 'partial'
        ? `${t('imports.importedRows', { count: job.importedRows })}；${t('imports.errorCount', { count: job.errorCount })}。${t('imports.partlyImported')}`
        : outcome === 'crashed'
          ? t('imports.crashed')
          : `${t('imports.errorCount', { count: job.errorCount })}。${t('imports.nothingImported')}`;

  return (
    <Flex vertical gap={16} data-testid="import-result" data-outcome={outcome}>
      <Flex vertical gap={4} style={{ maxWidth: 640 }}>
        <Typography.Text type="secondary">
          <FileExcelOutlined /> {t('imports.file', { name: job.fileName })}
          {job.encoding && (
            <span data-testid="import-encoding" data-encoding={job.encoding}>
              {' · '}
              {t('imports.encoding', { encoding: job.encoding === 'gb18030' ? 'GB18030 (GBK)' : 'UTF-8' })}
            </span>
          )}
        </Typography.Text>
        <Progress percent={100} status={status === 'success' ? 'success' : status === 'error' ? 'exception' : 'normal'} />
      </Flex>
      <Result
        status={status}
        title={outcome === 'complete' || outcome === 'partial' ? t('imports.succeeded') : t('imports.failed')}
        subTitle={subTitle}
        style={{ padding: '16px 0' }}
        extra={
          <Space wrap style={{ justifyContent: 'center' }}>
            {job.importedRows > 0 && (
              <Link to="/customers?sort=-createdAt">
                <Button type="primary" data-testid="view-imported">
                  {t('imports.viewCustomers')}
                </Button>
              </Link>
            )}
            {job.errorCount > 0 && (
              <Button icon={<DownloadOutlined />} href={apiUrl(`/imports/${job.id}/errors.xlsx`)} data-testid="download-errors">
                {t('imports.downloadErrors')}
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={onRestart}>
              {t('imports.again')}
            </Button>
          </Space>
        }
      />
      {job.errors.length > 0 && <ErrorTable job={job} />}
    </Flex>
  );
};

export const ErrorTable = ({ job }: { job: Pick<TImportJob, 'errors' | 'errorCount'> }) => {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('imports.errorsTitle')}
      </Typography.Title>
      {job.errorCount > job.errors.length && <Alert type="info" showIcon title={t('imports.moreErrors')} />}
      <Table<ImportError & { key: number }>
        size="small"
        data-testid="import-errors"
        dataSource={job.errors.map((e, i) => ({ ...e, key: i }))}
        pagination={job.errors.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        columns={[
          { title: t('imports.row'), dataIndex: 'row', width: 80 },
          { title: t('imports.column'), dataIndex: 'column', width: 180, render: (c: string) => c || '—' },
          { title: t('imports.message'), dataIndex: 'message' },
        ]}
      />
    </Flex>
  );
};
