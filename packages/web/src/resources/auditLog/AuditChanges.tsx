import { Descriptions, Flex, Table, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import type { TAuditEntry } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { tKey } from '../../app/i18n';
import { AuditValue, type Lookups } from './AuditValue';
import { changeRows, type ChangeRow } from './auditModel';

/** The expanded row: each changed field old → new, then any extra detail. */
export const AuditChanges = ({ entry, lookups }: { entry: TAuditEntry; lookups: Lookups }) => {
  const { t } = useTranslation();
  const rows = changeRows(entry);
  const detail = Object.entries(entry.detail ?? {});
  const field = (f: string) => tKey(t, `fields.${f}`, f);

  return (
    <Flex vertical gap={12} className="audit-changes" data-testid="audit-changes">
      {rows.length ? (
        <Table<ChangeRow>
          rowKey="field"
          size="small"
          pagination={false}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('audit.field'), dataIndex: 'field', width: 140, render: (f: string) => <Typography.Text strong>{field(f)}</Typography.Text> },
            { title: t('audit.old'), dataIndex: 'old', render: (v: unknown, r) => <AuditValue field={r.field} value={v} lookups={lookups} /> },
            { key: 'arrow', width: 32, render: () => <ArrowRightOutlined style={{ color: '#bfbfbf' }} /> },
            { title: t('audit.new'), dataIndex: 'new', render: (v: unknown, r) => <AuditValue field={r.field} value={v} lookups={lookups} /> },
          ]}
        />
      ) : (
        !detail.length && <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>
      )}
      {(detail.length > 0 || entry.entityId) && (
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, lg: 3 }}
          title={detail.length ? t('audit.detail') : undefined}
          items={[
            ...detail.map(([k, v]) => ({ key: k, label: field(k), children: <AuditValue field={k} value={v} lookups={lookups} /> })),
            ...(entry.entityId ? [{ key: '_id', label: t('audit.entityId'), children: <span className="mono">{entry.entityId}</span> }] : []),
          ]}
        />
      )}
    </Flex>
  );
};
