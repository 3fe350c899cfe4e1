import { Select, type SelectProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRoles } from '../../api/roles';
import { roleLabel } from '../roles/roleLabel';

/** Roles by their translated name; `multiple` for the user form, single for filters. */
export const RoleSelect = (props: Omit<SelectProps<string | string[]>, 'options'>) => {
  const { t } = useTranslation();
  const { data: roles, isPending } = useRoles();
  return (
    <Select
      loading={isPending}
      showSearch={{ optionFilterProp: 'label' }}
      options={(roles ?? []).map((r) => ({ value: r.id, label: roleLabel(t, r) }))}
      {...props}
    />
  );
};
