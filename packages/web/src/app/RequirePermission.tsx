import type { ReactNode } from 'react';
import type { Permission } from '@liaison/shared';
import { Forbidden } from '../components/Forbidden';
import { useSession } from './session';

export const RequirePermission = ({ permission, children }: { permission: Permission; children: ReactNode }) => {
  const { can } = useSession();
  return can(permission) ? <>{children}</> : <Forbidden />;
};
