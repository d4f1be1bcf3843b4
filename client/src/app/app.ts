import { Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

/** Root component: every page, the login page included, is a route. */
@Component({
  selector: 'an-root',
  imports: [RouterOutlet],
  template: '<router-outlet />',
})
export class App {}
