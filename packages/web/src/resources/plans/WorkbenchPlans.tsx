import { Card, Empty, Flex, List, Progress, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TPlanWorkbench } from '@liaison/shared';
import { api } from '../../api/client';
import { plansKey } from '../../api/plans';
import { dueText } from './planModel';

/** The workbench card of plans: what is due by when, what came back, what waits for my approval. */
export const WorkbenchPlans = () => {
  const { t } = useTranslation();
  const { data } = useQuery({ queryKey: [...plansKey, 'workbench'], queryFn: () => api.get<TPlanWorkbench>('/plans/workbench') });
  if (!data) return null;
  const empty = !data.deadlines.length && !data.returned.length && !data.waiting.length && !data.week && !data.overdueActions.length;
  return (
    <Card size="small" title={t('plans.workbench.title')} extra={<Link to="/plans">{t('plans.workbench.all')}</Link>} data-testid="wb-plans">
      {empty ? (
        <Empty description={t('plans.mine.empty')} />
      ) : (
        <Flex vertical gap={8}>
          {data.week && data.week.planned > 0 && (
            <Flex align="center" gap={8}>
              <Typography.Text style={{ whiteSpace: 'nowrap' }}>{t('plans.workbench.week', { done: data.week.done, planned: data.week.planned })}</Typography.Text>
              <Progress percent={Math.round((data.week.done / data.week.planned) * 100)} size="small" style={{ flex: 1, margin: 0 }} />
            </Flex>
          )}
          <List
            size="small"
            dataSource={[
              ...data.returned.map((r) => ({ key: `r${r.id}`, to: `/plans/${r.id}`, text: t('plans.workbench.returned', { period: r.period, kind: t(`plans.kind.${r.kind}`) }), extra: r.comment, tag: <Tag color="orange">{t('plans.status.returned')}</Tag> })),
              ...data.deadlines
                .filter((d) => d.status !== 'approved' && d.status !== 'submitted')
                .map((d) => ({
                  key: `d${d.kind}${d.period}`,
                  to: d.planId ? `/plans/${d.planId}` : '/plans',
                  text: `${d.period} ${t(`plans.kind.${d.kind}`)}`,
                  extra: t('plans.dueBy', { time: dueText(d.dueAt) }),
                  tag: d.overdue ? <Tag color="red">{t('plans.workbench.overdue')}</Tag> : <Tag>{d.status ? t(`plans.status.${d.status}`) : t('plans.workbench.notStarted')}</Tag>,
                })),
              ...data.overdueActions.map((a) => ({ key: `a${a.id}`, to: `/service-plans/${a.planId}`, text: t('plans.service.overdueAction', { customer: a.customerName, title: a.title, date: a.dueDate }), extra: null, tag: <Tag color="red">{t('plans.workbench.overdue')}</Tag> })),
              ...data.waiting.map((w) => ({ key: `w${w.id}`, to: `/plans/${w.id}`, text: `${w.managerName} · ${w.period} ${t(`plans.kind.${w.kind}`)}${w.check ? ` · ${t('plans.detail.check')}` : ''}`, extra: null, tag: <Tag color="blue">{t('plans.workbench.waiting')}</Tag> })),
            ]}
            renderItem={(i) => (
              <List.Item>
                <Flex justify="space-between" gap={8} style={{ width: '100%' }}>
                  <Flex vertical gap={0} style={{ minWidth: 0 }}>
                    <Link to={i.to}>{i.text}</Link>
                    {i.extra && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                        {i.extra}
                      </Typography.Text>
                    )}
                  </Flex>
                  {i.tag}
                </Flex>
              </List.Item>
            )}
          />
          {data.waitingCount > data.waiting.length && <Link to="/plans?tab=team">{t('plans.workbench.more', { count: data.waitingCount })}</Link>}
        </Flex>
      )}
    </Card>
  );
};
