import { useEffect } from 'react';
import { Alert, App, Button, Card, Col, Flex, Form, InputNumber, Popconfirm, Radio, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { gradingMethods, type TGradingRules } from '@liaison/shared';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useGradeRecompute, useGradingRules, useSaveGradingRules, useStartGradeRecompute } from '../../api/grading';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { RunNote } from '../../components/RunNote';
import { formatDateTime } from '../../components/format';
import { useApiError } from '../../app/useApiError';
import { useSession } from '../../app/session';
import { componentKeys, fitThresholds, gradeBands, rulesProblems, weightSum } from './gradingModel';

/** The grading rules (method, grades and thresholds, window, weights) and an on-demand recompute. */
export const GradingRulesPage = () => {
  const { t } = useTranslation();
  const { data: rules, isPending, error, refetch } = useGradingRules();
  const save = useSaveGradingRules();
  const recompute = useStartGradeRecompute();
  const showError = useApiError();
  const { message } = App.useApp();
  // Leaders read the rules their customers are graded by; only grading managers change them.
  const editable = useSession().can('grading.manage');
  const { data: lastRun } = useGradeRecompute(editable);
  const running = lastRun?.status === 'running';
  const [form] = Form.useForm<TGradingRules>();
  const method = Form.useWatch('method', form);
  const grades = Form.useWatch('grades', form) ?? rules?.grades ?? [];
  const thresholds = Form.useWatch('thresholds', form) ?? rules?.thresholds ?? [];
  const weights = Form.useWatch('weights', form) ?? rules?.weights;

  useEffect(() => {
    if (rules) form.setFieldsValue(rules);
  }, [rules, form]);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  const problems = rulesProblems({ grades, thresholds });
  const sum = weights ? weightSum(weights) : 1;
  const onGrades = (g: string[]) => form.setFieldsValue({ thresholds: fitThresholds(g, form.getFieldValue('thresholds') ?? []) });

  return (
    <>
      <PageHeader
        title={t('gradingRules.title')}
        description={t('gradingRules.description')}
        extra={
          editable && (
          <Popconfirm
            title={t('gradingRules.recomputeConfirm')}
            disabled={running}
            onConfirm={() =>
              recompute.mutateAsync().then(
                () => void message.success(t('gradingRules.recomputeStarted')),
                (e: unknown) => showError(e),
              )
            }
          >
            <Button icon={<ReloadOutlined />} loading={recompute.isPending || running} data-testid="recompute">
              {t('gradingRules.recompute')}
            </Button>
          </Popconfirm>
          )
        }
      />
      {!editable && <Alert type="info" showIcon message={t('gradingRules.readOnly')} style={{ marginBottom: 16 }} data-testid="grading-read-only" />}
      {/* The latest grading pass, nightly or started here; a background run (decision 082). */}
      {lastRun && (
      <div style={{ marginBottom: 16 }}>
        <RunNote
          run={lastRun}
          text={(r) => {
            const kind = t(r.scheduled ? 'gradingRules.nightly' : 'gradingRules.manual');
            if (r.status === 'running') return t('gradingRules.recomputing', { startedAt: formatDateTime(r.startedAt) });
            if (r.status === 'succeeded') return t('gradingRules.recomputed', { kind, finishedAt: formatDateTime(r.finishedAt ?? r.startedAt), graded: r.graded ?? 0, ungraded: r.ungraded ?? 0, changed: r.changed ?? 0 });
            return t('gradingRules.recomputeFailed', { kind, status: t(`jobs.statuses.${r.status}`) });
          }}
        />
      </div>
      )}
      {isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Form
          form={form}
          layout="vertical"
          disabled={!editable}
          data-testid="grading-form"
          onFinish={(v) =>
            save.mutate(
              { ...v, weights: v.weights ?? rules!.weights, pointsPerDayLate: v.pointsPerDayLate ?? rules!.pointsPerDayLate, version: rules!.version },
              { onSuccess: () => void message.success(t('gradingRules.saved'), 6), onError: (e) => showError(e, form, { onConflict: () => void refetch() }) },
            )
          }
        >
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={14}>
              <Card title={t('gradingRules.method')} style={{ height: '100%' }}>
                <Form.Item name="method" noStyle>
                  <Radio.Group style={{ width: '100%' }}>
                    <Flex vertical gap={8}>
                      {gradingMethods.map((m) => (
                        <label key={m} className={`mode-card${method === m ? ' mode-card-active' : ''}`}>
                          <Radio value={m}>
                            <Typography.Text strong>{t(`gradeExplain.methods.${m}`)}</Typography.Text>
                          </Radio>
                          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0 24px', fontSize: 13 }}>
                            {t(`gradingRules.methodHints.${m}`)}
                          </Typography.Paragraph>
                        </label>
                      ))}
                    </Flex>
                  </Radio.Group>
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} lg={10}>
              <Flex vertical gap={16}>
                <Card title={t('gradingRules.preview')}>
                  <Form.Item name="grades" label={t('gradingRules.grades')} extra={t('gradingRules.gradesHint')} rules={[{ required: true, type: 'array', min: 2 }]}>
                    <Select mode="tags" onChange={onGrades} open={false} suffixIcon={null} />
                  </Form.Item>
                  <Form.Item label={t('gradingRules.thresholds')} extra={t('gradingRules.thresholdsHint')} required>
                    <Row gutter={8}>
                      {grades.slice(0, -1).map((g, i) => (
                        <Col key={`${g}-${i}`} xs={12} sm={8}>
                          <Form.Item name={['thresholds', i]} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                            <InputNumber min={0} max={100} prefix={<Tag variant="filled" style={{ marginInlineEnd: 4 }}>{g}</Tag>} style={{ width: '100%' }} aria-label={t('gradingRules.thresholdFor', { grade: g })} />
                          </Form.Item>
                        </Col>
                      ))}
                    </Row>
                  </Form.Item>
                  {problems.length > 0 ? (
                    <Alert type="warning" showIcon title={problems.map((p) => tProblem(t, p)).join('；')} />
                  ) : (
                    <Flex gap={6} wrap>
                      {gradeBands(grades, thresholds).map((b) => (
                        <Tag key={b.grade} color="blue" variant="filled" style={{ marginInlineEnd: 0 }}>
                          <strong>{b.grade}</strong>{' '}
                          {b.max === null
                            ? t('gradeExplain.atLeast', { min: b.min })
                            : b.min === null
                              ? t('gradeExplain.below', { max: b.max })
                              : t('gradeExplain.between', { min: b.min, max: b.max })}
                        </Tag>
                      ))}
                    </Flex>
                  )}
                </Card>
                <Card>
                  <Row gutter={16}>
                    <Col span={12}>
                      <Form.Item name="months" label={t('gradingRules.months')} rules={[{ required: true }]}>
                        <InputNumber min={1} max={36} precision={0} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col span={12}>
                      <Form.Item name="pointsPerDayLate" label={t('gradingRules.pointsPerDayLate')} rules={[{ required: true }]}>
                        <InputNumber min={0} max={100} style={{ width: '100%' }} disabled={method !== 'punctuality' && method !== 'composite'} />
                      </Form.Item>
                    </Col>
                  </Row>
                  {method === 'composite' && (
                    <>
                      <Typography.Text strong>{t('gradingRules.weights')}</Typography.Text>
                      <Row gutter={8} style={{ marginTop: 8 }}>
                        {componentKeys.map((k) => (
                          <Col key={k} span={12}>
                            <Form.Item name={['weights', k]} label={t(`gradeExplain.components.${k}`)} style={{ marginBottom: 8 }}>
                              <InputNumber min={0} max={1} step={0.05} style={{ width: '100%' }} />
                            </Form.Item>
                          </Col>
                        ))}
                      </Row>
                      <Typography.Text type={sum === 1 ? 'secondary' : 'warning'}>
                        {t('gradingRules.weightsSum', { sum })}
                        {sum === 1 ? '' : ` · ${t('gradingRules.weightsSumHint')}`}
                      </Typography.Text>
                    </>
                  )}
                </Card>
              </Flex>
            </Col>
          </Row>
          {editable && (
          <Space style={{ marginTop: 16 }}>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} disabled={problems.length > 0} data-testid="save-grading">
              {t('gradingRules.save')}
            </Button>
          </Space>
          )}
        </Form>
      )}
    </>
  );
};

const tProblem = (t: TFunction, p: ReturnType<typeof rulesProblems>[number]): string =>
  p === 'grades_unique' ? t('gradingRules.gradesHint') : t('gradingRules.thresholdsHint');
