import type { ReactNode } from 'react';
import type { Permission } from '@liaison/shared';
import { Forbidden } from '../components/Forbidden';
import { useSession } from './session';

/** Any one of the permissions opens the page. */
export const RequirePermission = ({ permission, children }: { permission: Permission | Permission[]; children: ReactNode }) => {
  const { can } = useSession();
  return (Array.isArray(permission) ? permission : [permission]).some(can) ? <>{children}</> : <Forbidden />;
};
