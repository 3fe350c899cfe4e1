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

// Pages load on demand: the first screen is the workbench, and most users never open administration.
const TokenList = lazy(() => import('../resources/me/TokenList').then((m) => ({ default: m.TokenList })));
const OrgUnitList = lazy(() => import('../resources/orgUnits/OrgUnitList').then((m) => ({ default: m.OrgUnitList })));
const UserList = lazy(() => import('../resources/users/UserList').then((m) => ({ default: m.UserList })));
const RoleList = lazy(() => import('../resources/roles/RoleList').then((m) => ({ default: m.RoleList })));
const DictionaryList = lazy(() => import('../resources/dictionaries/DictionaryList').then((m) => ({ default: m.DictionaryList })));
const JobList = lazy(() => import('../resources/jobs/JobList').then((m) => ({ default: m.JobList })));
const CustomerList = lazy(() => import('../resources/customers/CustomerList').then((m) => ({ default: m.CustomerList })));
const CustomerShow = lazy(() => import('../resources/customers/CustomerShow').then((m) => ({ default: m.CustomerShow })));
const ChangeRequestList = lazy(() => import('../resources/customers/ChangeRequestList').then((m) => ({ default: m.ChangeRequestList })));
const PoolPage = lazy(() => import('../resources/pool/PoolPage').then((m) => ({ default: m.PoolPage })));
const ImportWizard = lazy(() => import('../resources/imports/ImportWizard').then((m) => ({ default: m.ImportWizard })));
const HandoverPage = lazy(() => import('../resources/handover/HandoverPage').then((m) => ({ default: m.HandoverPage })));
const DepartureAuditPage = lazy(() => import('../resources/handover/DepartureAuditPage').then((m) => ({ default: m.DepartureAuditPage })));
const GradingRulesPage = lazy(() => import('../resources/grading/GradingRulesPage').then((m) => ({ default: m.GradingRulesPage })));
const TicketList = lazy(() => import('../resources/tickets/TicketList').then((m) => ({ default: m.TicketList })));
const TicketCreate = lazy(() => import('../resources/tickets/TicketCreate').then((m) => ({ default: m.TicketCreate })));
const TicketShow = lazy(() => import('../resources/tickets/TicketShow').then((m) => ({ default: m.TicketShow })));
const TicketStats = lazy(() => import('../resources/tickets/TicketStats').then((m) => ({ default: m.TicketStats })));
const SlaSettings = lazy(() => import('../resources/tickets/SlaSettings').then((m) => ({ default: m.SlaSettings })));
const VisitList = lazy(() => import('../resources/visits/VisitList').then((m) => ({ default: m.VisitList })));
const VisitCalendar = lazy(() => import('../resources/visits/VisitCalendar').then((m) => ({ default: m.VisitCalendar })));
const TeamCoverage = lazy(() => import('../resources/visits/TeamCoverage').then((m) => ({ default: m.TeamCoverage })));
const ContactRulesPage = lazy(() => import('../resources/visits/ContactRulesPage').then((m) => ({ default: m.ContactRulesPage })));
const PlansPage = lazy(() => import('../resources/plans/PlansPage').then((m) => ({ default: m.PlansPage })));
const BreakdownPage = lazy(() => import('../resources/plans/BreakdownPage').then((m) => ({ default: m.BreakdownPage })));
const ServicePlanShow = lazy(() => import('../resources/plans/ServicePlans').then((m) => ({ default: m.ServicePlanShow })));
const PlanShow = lazy(() => import('../resources/plans/PlanShow').then((m) => ({ default: m.PlanShow })));
const IndicatorsPage = lazy(() => import('../resources/plans/IndicatorsPage').then((m) => ({ default: m.IndicatorsPage })));
const NotificationList = lazy(() => import('../resources/notifications/NotificationList').then((m) => ({ default: m.NotificationList })));
const NotificationSettings = lazy(() => import('../resources/notifications/NotificationSettings').then((m) => ({ default: m.NotificationSettings })));
const NotificationAdmin = lazy(() => import('../resources/notifications/NotificationAdmin').then((m) => ({ default: m.NotificationAdmin })));
const AuditLogList = lazy(() => import('../resources/auditLog/AuditLogList').then((m) => ({ default: m.AuditLogList })));

const guarded = (permission: Permission | Permission[], element: React.ReactNode) => <RequirePermission permission={permission}>{element}</RequirePermission>;

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
          { path: 'notifications', element: <NotificationList /> },
          { path: 'me/notifications', element: <NotificationSettings /> },
          { path: 'admin/notifications', element: guarded('notification.manage', <NotificationAdmin />) },
          { path: 'customers', element: guarded('customer.read', <CustomerList />) },
          { path: 'customers/import', element: guarded('customer.import', <ImportWizard />) },
          { path: 'customers/:id', element: guarded('customer.read', <CustomerShow />) },
          { path: 'change-requests', element: guarded('customer.read', <ChangeRequestList />) },
          { path: 'pool', element: guarded('pool.claim', <PoolPage />) },
          { path: 'visits', element: guarded('visit.read', <VisitList />) },
          { path: 'calendar', element: guarded('visit.read', <VisitCalendar />) },
          { path: 'team', element: guarded('team.read', <TeamCoverage />) },
          { path: 'plans', element: guarded('plan.read', <PlansPage />) },
          { path: 'plans/breakdown', element: guarded('plan.approve', <BreakdownPage />) },
          { path: 'service-plans/:id', element: guarded('plan.read', <ServicePlanShow />) },
          { path: 'plans/:id', element: guarded('plan.read', <PlanShow />) },
          { path: 'admin/indicators', element: guarded('indicator.manage', <IndicatorsPage />) },
          { path: 'admin/contact-rules', element: guarded('contactRule.manage', <ContactRulesPage />) },
          { path: 'handover', element: guarded('handover.manage', <HandoverPage />) },
          { path: 'departure-audit', element: guarded('departureAudit.read', <DepartureAuditPage />) },
          // Grading managers edit; leaders (customer.approve) read the rules their customers are graded by.
          { path: 'admin/grading', element: guarded(['grading.manage', 'customer.approve'], <GradingRulesPage />) },
          { path: 'tickets', element: guarded('ticket.read', <TicketList />) },
          { path: 'tickets/new', element: guarded('ticket.create', <TicketCreate />) },
          { path: 'tickets/stats', element: guarded('ticket.stats', <TicketStats />) },
          { path: 'tickets/:id', element: guarded('ticket.read', <TicketShow />) },
          { path: 'admin/sla', element: guarded('sla.manage', <SlaSettings />) },
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
