import { Component } from '@angular/core';

/** Placeholder: managing Docker API, SSH and agent hosts comes with its own issue. */
@Component({
  selector: 'an-hosts-page',
  template: `
    <h1 class="title">Hosts</h1>
    <p>Docker API, SSH and agent hosts will be managed here.</p>
  `,
  styles: `
    .title {
      font: var(--mat-sys-headline-small);
      margin: 0 0 16px;
    }
  `,
})
export class HostsPage {}
