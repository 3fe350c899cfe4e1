import { Cascader, type CascaderProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRegions, type TRegion } from '../../api/customers';

type Props = Omit<CascaderProps<TRegion, 'code'>, 'options' | 'fieldNames' | 'multiple'> & { value?: string[]; onChange?: (path: string[]) => void };

/** Province / city / district from the official divisions; the value is the path of codes. */
export const RegionCascader = ({ value, onChange, ...props }: Props) => {
  const { t } = useTranslation();
  const { data, isPending } = useRegions();
  return (
    <Cascader<TRegion, 'code'>
      options={data ?? []}
      fieldNames={{ label: 'name', value: 'code', children: 'children' }}
      showSearch={{ filter: (input, path) => path.some((o) => o.name.includes(input.trim())) }}
      placeholder={t('customerForm.regionPlaceholder')}
      loading={isPending}
      value={value}
      onChange={(v) => onChange?.((v as string[] | undefined) ?? [])}
      {...props}
    />
  );
};
