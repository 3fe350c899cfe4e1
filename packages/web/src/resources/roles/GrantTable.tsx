import { Checkbox, Flex, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { scopeOptions, type GrantGroup, type GrantRow } from './roleModel';

type Props = { value?: GrantRow[]; onChange?: (rows: GrantRow[]) => void };

const groups: GrantGroup[] = ['system', 'customer', 'pool'];

/** Permission × data scope, as a form control: tick a permission, pick how far it reaches. */
export const GrantTable = ({ value = [], onChange }: Props) => {
  const { t } = useTranslation();
  const options = scopeOptions(t);
  const set = (permission: string, patch: Partial<GrantRow>) =>
    onChange?.(value.map((r) => (r.permission === permission ? { ...r, ...patch } : r)));
  const setGroup = (group: GrantGroup, granted: boolean) => onChange?.(value.map((r) => (r.group === group ? { ...r, granted } : r)));

  return (
    <Flex vertical gap={16} data-testid="grant-table">
      {groups.map((group) => {
        const rows = value.filter((r) => r.group === group);
        if (!rows.length) return null;
        const count = rows.filter((r) => r.granted).length;
        return (
          <div key={group}>
            <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
              <Typography.Text strong>{t(`roles.groups.${group}`)}</Typography.Text>
              <Typography.Text type="secondary">{t('roles.grantedSummary', { count, total: rows.length })}</Typography.Text>
            </Flex>
            <Table<GrantRow>
              rowKey="permission"
              size="small"
              pagination={false}
              bordered
              dataSource={rows}
              columns={[
                {
                  key: 'granted',
                  width: 48,
                  align: 'center',
                  title: (
                    <Checkbox
                      checked={count === rows.length}
                      indeterminate={count > 0 && count < rows.length}
                      onChange={(e) => setGroup(group, e.target.checked)}
                      aria-label={t('roles.grantAll')}
                    />
                  ),
                  render: (_, r) => (
                    <Checkbox checked={r.granted} onChange={(e) => set(r.permission, { granted: e.target.checked })} aria-label={r.permission} />
                  ),
                },
                {
                  title: t('roles.permission'),
                  key: 'permission',
                  render: (_, r) => (
                    <Flex vertical>
                      <Typography.Text type={r.granted ? undefined : 'secondary'}>{t(`permissions.${r.permission}`)}</Typography.Text>
                      <Typography.Text type="secondary" className="mono">
                        {r.permission}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  title: t('roles.dataScope'),
                  key: 'dataScope',
                  width: 136,
                  render: (_, r) => (
                    <Select
                      size="small"
                      value={r.dataScope}
                      disabled={!r.granted}
                      options={options}
                      onChange={(dataScope) => set(r.permission, { dataScope })}
                      style={{ width: '100%', minWidth: 112 }}
                    />
                  ),
                },
              ]}
            />
          </div>
        );
      })}
    </Flex>
  );
};
