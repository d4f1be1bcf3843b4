import { Routes } from '@angular/router';

import { adminGuard, authGuard, guestGuard } from './core/auth/auth-guards';

// Every page is lazy so the initial bundle holds only the framework, the auth
// plumbing and the router; Material comes with the first page.
export const routes: Routes = [
  {
    path: 'login',
    title: 'Log in · ArchNest',
    canActivate: [guestGuard],
    loadComponent: () => import('./features/login/login').then((m) => m.Login),
  },
  {
    path: '',
    canActivate: [authGuard],
    loadComponent: () => import('./core/layout/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'containers' },
      {
        path: 'containers',
        title: 'Containers · ArchNest',
        loadComponent: () =>
          import('./features/containers/containers-page').then((m) => m.ContainersPage),
      },
      {
        path: 'hosts',
        title: 'Hosts · ArchNest',
        loadComponent: () => import('./features/hosts/hosts-page').then((m) => m.HostsPage),
      },
      {
        path: 'users',
        title: 'Users · ArchNest',
        canActivate: [adminGuard],
        loadComponent: () => import('./features/users/users-page').then((m) => m.UsersPage),
      },
    ],
  },
  { path: '**', redirectTo: 'containers' },
];
