import { Component } from '@angular/core';

/**
 * What the console shows for a value the container's source does not give
 * (the agent has no logs, the Docker API list has no CPU numbers, …): a dash and
 * a short note, so a gap reads as a property of the source, never as an error.
 */
@Component({
  selector: 'an-not-reported',
  // Whitespace kept: the text reads "— not reported by this source" (copy, search, tests).
  preserveWhitespaces: true,
  template: `<span class="dash" aria-hidden="true">—</span> <span class="note">not reported by this source</span>`,
  styles: `
    :host {
      display: inline-flex;
      align-items: baseline;
      gap: 8px;
    }
    .dash {
      color: var(--mat-sys-on-surface-variant);
    }
    .note {
      font: var(--mat-sys-label-small);
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class NotReported {}
