import { useEffect, useMemo, useRef, useState } from 'react';
import { Badge, Card, Col, Empty, Flex, Input, Row, Spin, Tree, Typography } from 'antd';
import { ApartmentOutlined, SearchOutlined } from '@ant-design/icons';
import type { TOrgUnit } from '@liaison/shared';
import { useTranslation } from 'react-i18next';
import { useOrgUnits } from '../../api/orgUnits';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/LoadError';
import { useIsMobile } from '../../components/useIsMobile';
import { OrgUnitDetail } from './OrgUnitDetail';
import { OrgUnitForm, type OrgUnitFormMode } from './OrgUnitForm';
import { buildTree, hasChildren, matchingIds, type OrgUnitNode } from './orgUnitModel';

type TreeNode = { key: string; title: React.ReactNode; children?: TreeNode[] };

const toTreeNodes = (nodes: OrgUnitNode[], visible: Set<string> | null): TreeNode[] =>
  nodes
    .filter((n) => !visible || visible.has(n.id))
    .map((n) => ({
      key: n.id,
      title: (
        <Flex gap={8} align="center">
          <span>{n.name}</span>
          {Boolean(n.userCount) && <Badge count={n.userCount} color="#8fa8cf" size="small" />}
        </Flex>
      ),
      children: n.children.length ? toTreeNodes(n.children, visible) : undefined,
    }));

export const OrgUnitList = () => {
  const { t } = useTranslation();
  const { data: units, isPending, error, refetch } = useOrgUnits();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<OrgUnitFormMode | null>(null);
  const isMobile = useIsMobile();
  const detailRef = useRef<HTMLDivElement>(null);

  const tree = useMemo(() => buildTree(units ?? []), [units]);
  const visible = useMemo(() => matchingIds(units ?? [], search), [units, search]);
  const treeData = useMemo(() => toTreeNodes(tree, visible), [tree, visible]);
  const selected = units?.find((u) => u.id === selectedId);

  // Start on the top unit so the page never opens empty.
  useEffect(() => {
    if (!selectedId && tree[0]) setSelectedId(tree[0].id);
  }, [selectedId, tree]);

  if (error) return <LoadError error={error} onRetry={() => void refetch()} />;

  return (
    <>
      <PageHeader title={t('orgUnits.title')} description={t('orgUnits.description')} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xl={8}>
          <Card title={t('orgUnits.tree')} className="tree-card" styles={{ body: { paddingTop: 12 } }}>
            <Input
              allowClear
              prefix={<SearchOutlined />}
              placeholder={t('orgUnits.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 12 }}
            />
            {isPending ? (
              <Flex justify="center" style={{ padding: 32 }}>
                <Spin />
              </Flex>
            ) : treeData.length ? (
              <Tree
                key={search ? `s:${search}` : 'all'}
                blockNode
                showLine
                defaultExpandAll
                treeData={treeData}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => {
                  if (!keys[0]) return;
                  setSelectedId(String(keys[0]));
                  // On a phone the details are below the tree, out of sight.
                  if (isMobile) detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
                }}
                data-testid="org-unit-tree"
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search ? t('orgUnits.noMatch') : t('orgUnits.empty')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15} xl={16} ref={detailRef}>
          <Card title={selected ? selected.name : t('orgUnits.detail')}>
            {selected ? (
              <OrgUnitDetail
                unit={selected}
                parent={units?.find((u) => u.id === selected.parentId)}
                hasChildren={hasChildren(units ?? [], selected.id)}
                onEdit={() => setForm({ mode: 'edit', unit: selected })}
                onCreateChild={() => setForm({ mode: 'create', parent: selected })}
                onDeleted={() => setSelectedId(selected.parentId)}
              />
            ) : (
              <Empty image={<ApartmentOutlined style={{ fontSize: 40, color: '#bfbfbf' }} />} description={<Typography.Text type="secondary">{t('orgUnits.selectHint')}</Typography.Text>} />
            )}
          </Card>
        </Col>
      </Row>
      <OrgUnitForm
        target={form}
        onClose={() => setForm(null)}
        onSaved={(u: TOrgUnit) => {
          setForm(null);
          setSelectedId(u.id);
        }}
      />
    </>
  );
};
