import { describe, expect, it } from 'vitest';
import type { TOrgUnit } from '@liaison/shared';
import { buildTree, matchingIds, subtreeIds } from './orgUnitModel';

const unit = (id: string, parentId: string | null, path: string, name: string, sortOrder = 0): TOrgUnit => ({
  id,
  parentId,
  path,
  name,
  code: id.toUpperCase(),
  kind: 'team',
  sortOrder,
  version: 1,
  createdAt: '',
  updatedAt: '',
});

const units = [
  unit('root', null, '/root/', '浙江省公司'),
  unit('hz', 'root', '/root/hz/', '杭州市分公司', 0),
  unit('nb', 'root', '/root/nb/', '宁波市分公司', 1),
  unit('xh', 'hz', '/root/hz/xh/', '西湖营销部'),
];

describe('orgUnitModel', () => {
  it('builds a sorted tree', () => {
    const [root] = buildTree(units);
    expect(root!.children.map((c) => c.id)).toEqual(['hz', 'nb']);
    expect(root!.children[0]!.children[0]!.id).toBe('xh');
  });

  it('treats units whose parent is out of scope as roots', () => {
    expect(buildTree(units.slice(1)).map((n) => n.id)).toEqual(['hz', 'nb']);
  });

  it('finds a subtree by path', () => {
    expect([...subtreeIds(units, 'hz')].sort()).toEqual(['hz', 'xh']);
  });

  it('keeps ancestors of search matches', () => {
    expect([...(matchingIds(units, '西湖') ?? [])].sort()).toEqual(['hz', 'root', 'xh']);
    expect(matchingIds(units, ' ')).toBeNull();
  });
});
