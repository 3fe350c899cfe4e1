import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Empty, Flex, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import dayjs from 'dayjs';
import { monthKey, shiftPeriod } from '@liaison/shared';
import { isApiError } from '../../api/client';
import { useBreakdown, useIndicators, useSaveBreakdown } from '../../api/plans';
import { currentLocale } from '../../app/i18n';
import { useApiError } from '../../app/useApiError';
import { LoadError } from '../../components/LoadError';
import { PageHeader } from '../../components/PageHeader';
import { OrgUnitTreeSelect } from '../orgUnits/OrgUnitTreeSelect';

type Row = { indicatorId: string; unitTarget: number; differenceReason: string; allocatedBy: string | null; managers: Record<string, number>; subUnits: Record<string, number> };

/**
 * 月计划任务分解: a leader sets the unit's month targets and breaks each down to the managers of
 * the subtree and to the units below (decision 065); a share given from above is fixed here. Sums and counts must add up to the unit target or carry the reason for the
 * difference (the server decides; its message lands on the indicator); ratios are rates each
 * manager is held to. A save carries the version read (decision 066): another leader's save in
 * between (or a changed share from above) answers 409 and the shared reload prompt.
 */
export const BreakdownPage = () => {
  const { t } = useTranslation();
  const en = currentLocale() === 'en-US';
  const { message } = App.useApp();
  const showError = useApiError();
  const [params, setParams] = useSearchParams();
  const month = params.get('month') ?? shiftPeriod('month', monthKey(new Date()), 1);
  const orgUnitId = params.get('orgUnitId') ?? undefined;
  const { data, error, refetch } = useBreakdown({ orgUnitId, month });
  const indicators = useIndicators();
  const save = useSaveBreakdown();
  const [rows, setRows] = useState<Row[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  useEffect(() => {
    if (!data) return;
    setRows(
      data.targets.map((x) => ({
        indicatorId: x.indicatorId,
        unitTarget: x.unitTarget,
        differenceReason: x.differenceReason ?? '',
        allocatedBy: x.allocatedBy,
        managers: Object.fromEntries(x.managers.map((m) => [m.managerId, m.target])),
        subUnits: Object.fromEntries(x.subUnits.map((u) => [u.orgUnitId, u.target])),
      })),
    );
    setProblems({});
  }, [data]);
  const set = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  if (error && !data) return <LoadError error={error} onRetry={() => void refetch()} />;
  const byId = new Map((indicators.data ?? []).map((i) => [i.id, i]));
  const available = (indicators.data ?? []).filter((i) => i.enabled && !rows.some((r) => r.indicatorId === i.id));
  const update = (i: number, patch: Partial<Row>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const submit = async () => {
    if (!data) return;
    try {
      await save.mutateAsync({
        orgUnitId: data.orgUnitId,
        month,
        version: data.version,
        targets: rows.map((r) => ({
          indicatorId: r.indicatorId,
          unitTarget: r.unitTarget,
          differenceReason: r.differenceReason.trim() || null,
          managers: data.managers.filter((m) => r.managers[m.id] != null).map((m) => ({ managerId: m.id, target: r.managers[m.id]! })),
          subUnits: data.subUnits.filter((u) => r.subUnits[u.id] != null).map((u) => ({ orgUnitId: u.id, target: r.subUnits[u.id]! })),
        })),
      });
      setProblems({});
      void message.success(t('plans.actions.saved'));
    } catch (e) {
      if (isApiError(e) && e.fields.length) setProblems(Object.fromEntries(e.fields.map((f) => [f.path.split('.').slice(0, 2).join('.'), f.message])));
      showError(e);
    }
  };
  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('plans.breakdown.title')}
        description={t('plans.breakdown.subtitle')}
        extra={
          <>
            <OrgUnitTreeSelect value={orgUnitId} onChange={(v) => set('orgUnitId', v)} allowClear placeholder={t('plans.team.unit')} style={{ width: 200 }} />
            <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d) => d && set('month', d.format('YYYY-MM'))} />
            <Button type="primary" onClick={() => void submit()} loading={save.isPending} disabled={!data} data-testid="save-breakdown">
              {t('plans.actions.save')}
            </Button>
          </>
        }
      />
      {data && !data.managers.length && <Empty description={t('plans.team.emptyTeam')} />}
      {data &&
        rows.map((r, i) => {
          const ind = byId.get(r.indicatorId);
          const additive = ind?.aggregation !== 'ratio';
          const sum = Math.round([...Object.values(r.managers), ...Object.values(r.subUnits)].reduce((s, v) => s + (v ?? 0), 0) * 100) / 100;
          const diff = Math.round((r.unitTarget - sum) * 100) / 100;
          return (
            <Card
              key={r.indicatorId}
              size="small"
              title={ind ? `${en ? ind.nameEn : ind.nameZh}（${ind.unit}）` : r.indicatorId}
              extra={<Button size="small" icon={<DeleteOutlined />} onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label="remove" />}
              data-testid="breakdown-indicator"
            >
              <Flex vertical gap={8}>
                <Flex gap={8} align="center" wrap>
                  <Typography.Text strong>{t('plans.breakdown.unitTarget')}</Typography.Text>
                  <InputNumber min={0} max={additive ? undefined : 100} value={r.unitTarget} disabled={!!r.allocatedBy} onChange={(v) => update(i, { unitTarget: Number(v ?? 0) })} />
                  {r.allocatedBy && <Tag color="blue">{t('plans.breakdown.allocated')}</Tag>}
                  {additive ? (
                    <Tag color={diff === 0 ? 'green' : 'orange'}>{diff === 0 ? t('plans.breakdown.addsUp', { sum }) : t('plans.breakdown.difference', { sum, diff })}</Tag>
                  ) : (
                    <Tag>{t('plans.breakdown.ratio')}</Tag>
                  )}
                </Flex>
                <Flex gap={12} wrap>
                  {data.managers.map((m) => (
                    <Flex key={m.id} vertical gap={2} style={{ width: 150 }}>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                        {m.name} · {m.orgUnitName}
                      </Typography.Text>
                      <InputNumber min={0} style={{ width: '100%' }} value={r.managers[m.id]} disabled={m.planStatus === 'approved' || m.planStatus === 'submitted'} onChange={(v) => update(i, { managers: { ...r.managers, [m.id]: Number(v ?? 0) } })} />
                    </Flex>
                  ))}
                </Flex>
                {data.subUnits.length > 0 && (
                  <Flex gap={12} wrap data-testid="breakdown-sub-units">
                    {data.subUnits.map((u) => (
                      <Flex key={u.id} vertical gap={2} style={{ width: 150 }}>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
                          {t('plans.breakdown.subUnit')} · {u.name}
                        </Typography.Text>
                        <InputNumber min={0} max={additive ? undefined : 100} style={{ width: '100%' }} placeholder={t('plans.breakdown.subUnitUnset')} value={r.subUnits[u.id]} onChange={(v) => update(i, { subUnits: { ...r.subUnits, [u.id]: Number(v ?? 0) } })} />
                      </Flex>
                    ))}
                  </Flex>
                )}
                {additive && diff !== 0 && (
                  <Input placeholder={t('plans.breakdown.reason')} value={r.differenceReason} maxLength={500} onChange={(e) => update(i, { differenceReason: e.target.value })} />
                )}
                {problems[`targets.${i}`] && <Alert type="error" showIcon message={problems[`targets.${i}`]} />}
              </Flex>
            </Card>
          );
        })}
      {data && (
        <Select
          style={{ maxWidth: 360 }}
          placeholder={
            <span>
              <PlusOutlined /> {t('plans.breakdown.addIndicator')}
            </span>
          }
          value={null}
          options={available.map((i) => ({ value: i.id, label: `${en ? i.nameEn : i.nameZh}（${i.unit}）` }))}
          onChange={(id: string) => setRows([...rows, { indicatorId: id, unitTarget: 0, differenceReason: '', allocatedBy: null, managers: {}, subUnits: {} }])}
        />
      )}
      {data && !rows.length && <Empty description={t('plans.breakdown.empty')} />}
    </Flex>
  );
};
