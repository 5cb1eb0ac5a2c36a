import { createBrowserRouter, Outlet } from 'react-router';
import { RedirectIfAuthenticated, RequireAuth, RequirePermission } from './guards';
import { AppLayout } from './layouts/app-layout';
import { AuthLayout } from './layouts/auth-layout';
import { RouteErrorBoundary } from './route-error-boundary';

// Every page is its own chunk: the first load carries only the shell.
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorBoundary />,
    children: [
      {
        element: <AuthLayout />,
        children: [
          {
            element: (
              <RedirectIfAuthenticated>
                <Outlet />
              </RedirectIfAuthenticated>
            ),
            children: [
              { path: 'login', lazy: () => import('./routes/login').then((m) => ({ Component: m.LoginRoute })) },
              {
                path: 'forgot-password',
                lazy: () => import('./routes/forgot-password').then((m) => ({ Component: m.ForgotPasswordRoute })),
              },
            ],
          },
          {
            path: 'reset-password',
            lazy: () => import('./routes/reset-password').then((m) => ({ Component: m.ResetPasswordRoute })),
          },
          {
            path: 'invitations/:token',
            lazy: () => import('./routes/accept-invitation').then((m) => ({ Component: m.AcceptInvitationRoute })),
          },
        ],
      },
      {
        // The door station is full-screen (and works offline): no app shell around it.
        path: 'check-in/:eventId/scan',
        lazy: () => import('./routes/check-in-station').then((m) => ({ Component: m.CheckInStationRoute })),
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, lazy: () => import('./routes/dashboard').then((m) => ({ Component: m.DashboardRoute })) },
          {
            path: 'events',
            element: (
              <RequirePermission permission="events.read">
                <Outlet />
              </RequirePermission>
            ),
            children: [
              { index: true, lazy: () => import('./routes/events').then((m) => ({ Component: m.EventsRoute })) },
              {
                path: 'new',
                element: (
                  <RequirePermission permission="events.create">
                    <Outlet />
                  </RequirePermission>
                ),
                children: [{ index: true, lazy: () => import('./routes/event-create').then((m) => ({ Component: m.EventCreateRoute })) }],
              },
              { path: ':eventId/:tab?', lazy: () => import('./routes/event-page').then((m) => ({ Component: m.EventPageRoute })) },
            ],
          },
          {
            path: 'users/*',
            element: (
              <RequirePermission permission="users.read">
                <Outlet />
              </RequirePermission>
            ),
            children: [
              { index: true, lazy: () => import('./routes/users').then((m) => ({ Component: m.UsersRoute })) },
              { path: 'invitations', lazy: () => import('./routes/users').then((m) => ({ Component: m.UsersRoute })) },
            ],
          },
          {
            path: 'roles',
            element: (
              <RequirePermission permission="roles.read">
                <Outlet />
              </RequirePermission>
            ),
            children: [{ index: true, lazy: () => import('./routes/roles').then((m) => ({ Component: m.RolesRoute })) }],
          },
          {
            path: 'settings',
            element: (
              <RequirePermission permission="organizations.update">
                <Outlet />
              </RequirePermission>
            ),
            children: [{ index: true, lazy: () => import('./routes/settings').then((m) => ({ Component: m.SettingsRoute })) }],
          },
          {
            path: 'check-in',
            element: (
              <RequirePermission permission="registrations.checkin">
                <Outlet />
              </RequirePermission>
            ),
            children: [{ index: true, lazy: () => import('./routes/check-in').then((m) => ({ Component: m.CheckInRoute })) }],
          },
          {
            path: 'badges',
            element: (
              <RequirePermission permission="badges.read">
                <Outlet />
              </RequirePermission>
            ),
            children: [
              { index: true, lazy: () => import('./routes/badges').then((m) => ({ Component: m.BadgesRoute })) },
              { path: ':templateId', lazy: () => import('./routes/badge-designer').then((m) => ({ Component: m.BadgeDesignerRoute })) },
            ],
          },
          {
            path: 'contacts',
            element: (
              <RequirePermission permission="attendees.read">
                <Outlet />
              </RequirePermission>
            ),
            children: [
              { index: true, lazy: () => import('./routes/contacts').then((m) => ({ Component: m.ContactsRoute })) },
              { path: 'import', lazy: () => import('./routes/contacts-import').then((m) => ({ Component: m.ContactsImportRoute })) },
              { path: 'duplicates', lazy: () => import('./routes/contacts-duplicates').then((m) => ({ Component: m.ContactsDuplicatesRoute })) },
              { path: ':contactId', lazy: () => import('./routes/contact').then((m) => ({ Component: m.ContactRoute })) },
            ],
          },
          {
            path: 'audit-log',
            element: (
              <RequirePermission permission="audit.read">
                <Outlet />
              </RequirePermission>
            ),
            children: [{ index: true, lazy: () => import('./routes/audit-log').then((m) => ({ Component: m.AuditLogRoute })) }],
          },
          { path: 'profile', lazy: () => import('./routes/profile').then((m) => ({ Component: m.ProfileRoute })) },
          { path: '*', lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })) },
        ],
      },
    ],
  },
]);
