import { useMemo } from 'react';
import { TreeSelect, type TreeSelectProps } from 'antd';
import { useOrgUnits } from '../../api/orgUnits';
import { buildTree, toTreeSelectData } from './orgUnitModel';

type Props = Omit<TreeSelectProps<string>, 'treeData'> & { disabledIds?: Set<string> };

/** Picks one org unit from the tree the user can see. */
export const OrgUnitTreeSelect = ({ disabledIds, ...props }: Props) => {
  const { data, isPending } = useOrgUnits();
  const treeData = useMemo(() => toTreeSelectData(buildTree(data ?? []), disabledIds), [data, disabledIds]);
  return (
    <TreeSelect<string>
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      loading={isPending}
      treeData={treeData}
      popupMatchSelectWidth={false}
      {...props}
    />
  );
};
