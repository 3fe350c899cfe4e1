import { useMemo, useState, type DragEvent } from 'react';
import { App, Button, Card, Empty, Flex, Segmented, Skeleton, Tag, Typography } from 'antd';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { atLocal, isoWeekKey, localDate, localTime, planDueAt, shiftPeriod, type TPlanSettings, type TVisit } from '@liaison/shared';
import { api, isApiError, type ListPage } from '../../api/client';
import { useUpdateVisit, visitsKey } from '../../api/visits';
import { usePlanSettings } from '../../api/plans';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { useIsMobile } from '../../components/useIsMobile';
import { UserSelect } from '../users/UserSelect';
import { VisitDetail } from './VisitDetail';
import { methodColor } from './visitModel';
import { CalendarSubscribe } from './CalendarSubscribe';

type View = 'month' | 'week' | 'day';

type Deadline = { kind: 'month' | 'week'; period: string; time: string };

/**
 * Plan deadlines falling on the shown days (decision 061's due times, computed as the server
 * does): each week's plan by its weekday and hour, next month's by the end of the due day. A
 * month deadline at 00:00 shows on the day before, as "by 24:00".
 */
export const planDeadlines = (days: string[], s: TPlanSettings): Map<string, Deadline[]> => {
  const out = new Map<string, Deadline[]>();
  if (!days.length) return out;
  const weeks = new Set(days.map((d) => isoWeekKey(new Date(atLocal(d, '12:00')))));
  const months = new Set(days.map((d) => shiftPeriod('month', d.slice(0, 7), 1)));
  const add = (kind: Deadline['kind'], period: string) => {
    const due = planDueAt(kind, period, s);
    const shown = kind === 'month' ? new Date(Date.parse(due) - 1).toISOString() : due;
    const day = localDate(shown);
    if (!days.includes(day)) return;
    out.set(day, [...(out.get(day) ?? []), { kind, period, time: kind === 'month' ? '24:00' : localTime(due) }]);
  };
  for (const w of weeks) add('week', w);
  for (const m of months) add('month', m);
  return out;
};

/** Every visit of a range, paged by cursor (a manager's month can hold several hundred calls). */
const useRangeVisits = (managerId: string | undefined, from: Dayjs, to: Dayjs) =>
  useQuery({
    queryKey: [...visitsKey, 'range', managerId, from.toISOString(), to.toISOString()],
    queryFn: async () => {
      const out: TVisit[] = [];
      let cursor = '';
      for (let i = 0; i < 10; i++) {
        const page = await api.get<ListPage<TVisit> & { nextCursor?: string | null }>('/visits', {
          managerId,
          from: from.toISOString(),
          to: to.toISOString(),
          status: 'planned,done,missed',
          perPage: 200,
          sort: 'startAt',
          cursor,
        });
        out.push(...page.data);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return out;
    },
  });

const rangeOf = (view: View, anchor: Dayjs) => {
  if (view === 'day') return { from: anchor.startOf('day'), to: anchor.startOf('day').add(1, 'day') };
  if (view === 'week') {
    const monday = anchor.subtract((anchor.day() + 6) % 7, 'day').startOf('day');
    return { from: monday, to: monday.add(7, 'day') };
  }
  const first = anchor.startOf('month');
  const gridStart = first.subtract((first.day() + 6) % 7, 'day');
  return { from: gridStart, to: gridStart.add(42, 'day') };
};

/**
 * The visit calendar 拜访日程: month, week and day; a leader picks a team member. A planned visit
 * dragged to another day keeps its time of day and is saved with its version — if someone changed
 * it meanwhile, the answer is 409 and the calendar shows the latest.
 */
export const VisitCalendar = () => {
  const { t } = useTranslation();
  const { me } = useSession();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const view = (params.get('view') as View | null) ?? (isMobile ? 'week' : 'month');
  const anchor = params.get('date') ? dayjs(params.get('date')) : dayjs();
  const managerId = params.get('managerId') ?? me.id;
  const leaderView = me.permissions['visit.read'] !== 'self';
  const { from, to } = rangeOf(view, anchor);
  const { data, isPending, refetch } = useRangeVisits(managerId, from, to);
  const planSettings = usePlanSettings();
  const update = useUpdateVisit();
  const [open, setOpen] = useState<string | null>(null);
  const [dragOver, setDragOver] = useState<string | null>(null);

  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };
  const byDay = useMemo(() => {
    const m = new Map<string, TVisit[]>();
    for (const v of data ?? []) m.set(localDate(v.startAt), [...(m.get(localDate(v.startAt)) ?? []), v]);
    return m;
  }, [data]);

  const move = (v: TVisit, day: string) => {
    if (localDate(v.startAt) === day) return;
    update.mutate(
      { id: v.id, version: v.version, startAt: atLocal(day, localTime(v.startAt)) },
      {
        onSuccess: () => void message.success(t('visits.calendar.rescheduled', { date: day })),
        onError: (e) => {
          if (isApiError(e) && e.code === 'version_conflict') void message.warning(t('visits.calendar.conflict'));
          else void message.error(isApiError(e) ? e.message : String(e));
          void refetch();
        },
      },
    );
  };
  const dropHandlers = (day: string) => ({
    onDragOver: (e: DragEvent) => {
      if (e.dataTransfer.types.includes('text/visit')) {
        e.preventDefault();
        setDragOver(day);
      }
    },
    onDragLeave: () => setDragOver((d) => (d === day ? null : d)),
    onDrop: (e: DragEvent) => {
      e.preventDefault();
      setDragOver(null);
      const v = (data ?? []).find((x) => x.id === e.dataTransfer.getData('text/visit'));
      if (v) move(v, day);
    },
  });

  const Item = ({ v, compact }: { v: TVisit; compact?: boolean }) => (
    <div
      className={`cal-item cal-${v.status}`}
      draggable={v.status === 'planned'}
      onDragStart={(e) => e.dataTransfer.setData('text/visit', v.id)}
      onClick={() => setOpen(v.id)}
      title={`${localTime(v.startAt)} ${v.customerName}`}
      data-testid="cal-item"
      data-visit-id={v.id}
    >
      <span className="cal-time">{localTime(v.startAt)}</span>
      {!compact && <Tag color={methodColor[v.method]} style={{ marginInlineEnd: 4 }}>{t(`visits.method.${v.method}`)}</Tag>}
      <span className="cal-name">{v.customerName}</span>
    </div>
  );

  const step = (n: number) => set({ date: anchor.add(n, view === 'month' ? 'month' : view === 'week' ? 'week' : 'day').format('YYYY-MM-DD') });
  const title = view === 'month' ? anchor.format(t('visits.calendar.monthFormat')) : view === 'week' ? `${from.format('MM-DD')} – ${to.subtract(1, 'day').format('MM-DD')}` : anchor.format('YYYY-MM-DD dddd');
  const today = localDate(new Date());
  const days = Array.from({ length: to.diff(from, 'day') }, (_, i) => from.add(i, 'day').format('YYYY-MM-DD'));
  const deadlines = planSettings.data && me.permissions['plan.read'] ? planDeadlines(days, planSettings.data) : new Map<string, Deadline[]>();
  const DeadlineCards = ({ day }: { day: string }) => (
    <>
      {(deadlines.get(day) ?? []).map((d) => (
        <div key={`${d.kind}:${d.period}`} className="cal-deadline" data-testid="cal-deadline">
          {t(d.kind === 'week' ? 'visits.calendar.weekPlanDue' : 'visits.calendar.monthPlanDue', { period: d.period, time: d.time })}
        </div>
      ))}
    </>
  );
  const weekdayNames = Array.from({ length: 7 }, (_, i) => dayjs('2026-11-23').add(i, 'day').format('dd'));

  let grid;
  if (isPending) grid = <Skeleton active paragraph={{ rows: 8 }} />;
  else if (view === 'month' && !isMobile)
    grid = (
      <div className="cal-month" data-testid="cal-month">
        {weekdayNames.map((d) => (
          <div key={d} className="cal-head">
            {d}
          </div>
        ))}
        {days.map((day) => {
          const items = byDay.get(day) ?? [];
          const planned = items.filter((v) => v.status !== 'done');
          const done = items.filter((v) => v.status === 'done');
          return (
            <div key={day} className={`cal-cell${day.slice(0, 7) !== anchor.format('YYYY-MM') ? ' cal-out' : ''}${day === today ? ' cal-today' : ''}${dragOver === day ? ' cal-drop' : ''}`} {...dropHandlers(day)} data-day={day}>
              <Flex justify="space-between" align="center">
                <Button type="text" size="small" className="cal-date" onClick={() => set({ view: 'day', date: day })}>
                  {Number(day.slice(8))}
                </Button>
                {done.length > 0 && (
                  <Tag color="success" style={{ marginInlineEnd: 0 }} data-testid="cal-done-count">
                    ✓ {done.length}
                  </Tag>
                )}
              </Flex>
              <DeadlineCards day={day} />
              {planned.slice(0, 3).map((v) => (
                <Item key={v.id} v={v} compact />
              ))}
              {planned.length > 3 && (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => set({ view: 'day', date: day })}>
                  {t('visits.calendar.more', { count: planned.length - 3 })}
                </Button>
              )}
            </div>
          );
        })}
      </div>
    );
  else
    grid = (
      <div className={view === 'week' && !isMobile ? 'cal-week' : 'cal-agenda'} data-testid={`cal-${view}`}>
        {(view === 'month' ? days.filter((d) => d.slice(0, 7) === anchor.format('YYYY-MM')) : days).map((day) => {
          const items = byDay.get(day) ?? [];
          if (isMobile && !items.length && !deadlines.get(day)?.length && view !== 'day') return null;
          return (
            <div key={day} className={`cal-col${day === today ? ' cal-today' : ''}${dragOver === day ? ' cal-drop' : ''}`} {...dropHandlers(day)} data-day={day}>
              <Typography.Text strong className="cal-col-head">
                {dayjs(day).format('MM-DD dd')}
              </Typography.Text>
              <DeadlineCards day={day} />
              {items.length ? items.map((v) => <Item key={v.id} v={v} />) : <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('visits.calendar.empty')}</Typography.Text>}
            </div>
          );
        })}
        {isMobile && !(data ?? []).length && <Empty description={t('visits.calendar.empty')} />}
      </div>
    );

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('visits.calendar.title')} description={isMobile ? undefined : t('visits.calendar.dragHint')} extra={<CalendarSubscribe />} />
      <Card size="small">
        <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
          <Flex gap={4} align="center">
            <Button icon={<LeftOutlined />} onClick={() => step(-1)} aria-label="prev" />
            <Button onClick={() => set({ date: undefined })}>{t('visits.calendar.today')}</Button>
            <Button icon={<RightOutlined />} onClick={() => step(1)} aria-label="next" />
            <Typography.Text strong style={{ marginInlineStart: 8 }} data-testid="cal-title">
              {title}
            </Typography.Text>
          </Flex>
          <Flex gap={8} align="center" wrap>
            {leaderView && <UserSelect value={managerId} onChange={(v) => set({ managerId: v === me.id ? undefined : v })} style={{ width: 150 }} />}
            <Segmented<View>
              value={view}
              onChange={(v) => set({ view: v })}
              options={[
                { value: 'month', label: t('visits.calendar.month') },
                { value: 'week', label: t('visits.calendar.week') },
                { value: 'day', label: t('visits.calendar.day') },
              ]}
            />
          </Flex>
        </Flex>
        {grid}
      </Card>
      <VisitDetail id={open} onClose={() => setOpen(null)} />
    </Flex>
  );
};
