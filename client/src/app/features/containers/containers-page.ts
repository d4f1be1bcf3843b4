import { Component } from '@angular/core';

/** Placeholder: the containers page (host selector, table, detail tabs) comes with its own issue. */
@Component({
  selector: 'an-containers-page',
  template: `
    <h1 class="title">Containers</h1>
    <p>The containers of every host will be listed here.</p>
  `,
  styles: `
    .title {
      font: var(--mat-sys-headline-small);
      margin: 0 0 16px;
    }
  `,
})
export class ContainersPage {}
