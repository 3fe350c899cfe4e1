import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import type { Permission } from '@liaison/shared';
import { AppLayout } from './AppLayout';
import { RequireAuth } from './RequireAuth';
import { RequirePermission } from './RequirePermission';
import { RouteError } from './RouteError';
import { SignInPage } from '../resources/auth/SignInPage';
import { WorkbenchPage } from '../resources/workbench/WorkbenchPage';
import { NotFound } from '../components/NotFound';

// Administration pages load on demand; most users never open them.
const TokenList = lazy(() => import('../resources/me/TokenList').then((m) => ({ default: m.TokenList })));
const OrgUnitList = lazy(() => import('../resources/orgUnits/OrgUnitList').then((m) => ({ default: m.OrgUnitList })));
const UserList = lazy(() => import('../resources/users/UserList').then((m) => ({ default: m.UserList })));
const RoleList = lazy(() => import('../resources/roles/RoleList').then((m) => ({ default: m.RoleList })));
const DictionaryList = lazy(() => import('../resources/dictionaries/DictionaryList').then((m) => ({ default: m.DictionaryList })));
const JobList = lazy(() => import('../resources/jobs/JobList').then((m) => ({ default: m.JobList })));
const AuditLogList = lazy(() => import('../resources/auditLog/AuditLogList').then((m) => ({ default: m.AuditLogList })));

const guarded = (permission: Permission, element: React.ReactNode) => <RequirePermission permission={permission}>{element}</RequirePermission>;

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  {
    element: <RequireAuth />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppLayout />,
        children: [
          { index: true, element: <WorkbenchPage /> },
          { path: 'me/tokens', element: <TokenList /> },
          { path: 'admin/org-units', element: guarded('orgUnit.manage', <OrgUnitList />) },
          { path: 'admin/users', element: guarded('user.manage', <UserList />) },
          { path: 'admin/roles', element: guarded('role.manage', <RoleList />) },
          { path: 'admin/dictionaries', element: guarded('dictionary.manage', <DictionaryList />) },
          { path: 'admin/jobs', element: guarded('job.manage', <JobList />) },
          { path: 'admin/audit-log', element: guarded('auditLog.read', <AuditLogList />) },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);
