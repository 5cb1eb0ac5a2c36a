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
          { path: 'profile', lazy: () => import('./routes/profile').then((m) => ({ Component: m.ProfileRoute })) },
          { path: '*', lazy: () => import('./routes/not-found').then((m) => ({ Component: m.NotFoundRoute })) },
        ],
      },
    ],
  },
]);
