import { Descriptions, Flex, Table, Typography } from 'antd';
import { ArrowRightOutlined } from '@ant-design/icons';
import type { TAuditEntry } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { tKey } from '../../app/i18n';
import { AuditValue, type Lookups } from './AuditValue';
import { changeRows, isCreation, setValues, type ChangeRow } from './auditModel';

/** The expanded row: each changed field old → new, then any extra detail. */
export const AuditChanges = ({ entry, lookups }: { entry: TAuditEntry; lookups: Lookups }) => {
  const { t } = useTranslation();
  const all = changeRows(entry);
  const creation = isCreation(all);
  const rows = creation ? setValues(all) : all;
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
          columns={[
            { title: t('audit.field'), dataIndex: 'field', width: 160, render: (f: string) => <Typography.Text strong>{field(f)}</Typography.Text> },
            ...(creation
              ? []
              : [
                  { title: t('audit.old'), dataIndex: 'old', render: (v: unknown, r: ChangeRow) => <AuditValue field={r.field} value={v} lookups={lookups} /> },
                  { key: 'arrow', width: 32, render: () => <ArrowRightOutlined style={{ color: '#bfbfbf' }} /> },
                ]),
            {
              title: creation ? t('audit.value') : t('audit.new'),
              dataIndex: 'new',
              render: (v: unknown, r: ChangeRow) => <AuditValue field={r.field} value={v} lookups={lookups} />,
            },
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
            ...(entry.recordName
              ? [{ key: '_record', label: tKey(t, `audit.entities.${entry.entity}`, entry.entity), children: <Typography.Text strong>{entry.recordName}</Typography.Text> }]
              : entry.entityId
                ? [{ key: '_id', label: t('audit.entityId'), children: <span className="mono">{entry.entityId}</span> }]
                : []),
          ]}
        />
      )}
    </Flex>
  );
};
