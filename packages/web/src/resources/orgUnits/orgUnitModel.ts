import type { TOrgUnit } from '@liaison/shared';

export type OrgUnitNode = TOrgUnit & { children: OrgUnitNode[] };

/**
 * Builds the tree from the flat list. Units whose parent is not in the list (outside the
 * caller's scope) become roots, so a leader sees their own unit at the top.
 */
export const buildTree = (units: TOrgUnit[]): OrgUnitNode[] => {
  const nodes = new Map(units.map((u) => [u.id, { ...u, children: [] as OrgUnitNode[] }]));
  const roots: OrgUnitNode[] = [];
  for (const u of units) {
    const node = nodes.get(u.id)!;
    const parent = u.parentId ? nodes.get(u.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: OrgUnitNode[]) => {
    list.sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name, 'zh-CN'));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
};

/** The unit and everything below it, by the materialised path. */
export const subtreeIds = (units: TOrgUnit[], id: string): Set<string> => {
  const self = units.find((u) => u.id === id);
  if (!self) return new Set();
  return new Set(units.filter((u) => u.path.startsWith(self.path)).map((u) => u.id));
};

export const hasChildren = (units: TOrgUnit[], id: string): boolean => units.some((u) => u.parentId === id);

/** Ids of units matching the text and all their ancestors, so matches stay reachable. */
export const matchingIds = (units: TOrgUnit[], text: string): Set<string> | null => {
  const q = text.trim().toLowerCase();
  if (!q) return null;
  const byId = new Map(units.map((u) => [u.id, u]));
  const out = new Set<string>();
  for (const u of units) {
    if (!u.name.toLowerCase().includes(q) && !u.code.toLowerCase().includes(q)) continue;
    let cur: TOrgUnit | undefined = u;
    while (cur && !out.has(cur.id)) {
      out.add(cur.id);
      cur = cur.parentId ? byId.get(cur.parentId) : undefined;
    }
  }
  return out;
};

export type TreeSelectNode = { value: string; title: string; disabled?: boolean; children?: TreeSelectNode[] };

/** antd TreeSelect data; `disabled` ids stay visible but cannot be picked. */
export const toTreeSelectData = (nodes: OrgUnitNode[], disabled: Set<string> = new Set()): TreeSelectNode[] =>
  nodes.map((n) => ({
    value: n.id,
    title: n.name,
    ...(disabled.has(n.id) ? { disabled: true } : {}),
    ...(n.children.length ? { children: toTreeSelectData(n.children, disabled) } : {}),
  }));
