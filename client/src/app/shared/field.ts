import { Component, computed, input } from '@angular/core';

import { NotReported } from './not-reported';

/**
 * One labelled value of a detail view, used inside a `<dl>` as
 * `<div an-field label="Created" [value]="…"></div>` (a div is what a `<dl>` may hold).
 * null or undefined means the source did not report it.
 */
@Component({
  selector: '[an-field]',
  imports: [NotReported],
  template: `
    <dt>{{ label() }}</dt>
    <dd [class.mono]="mono()">
      @if (shown(); as text) {
        {{ text }}
      } @else {
        <an-not-reported />
      }
    </dd>
  `,
  styles: `
    :host {
      display: contents;
    }
    dt {
      color: var(--mat-sys-on-surface-variant);
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .mono {
      font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
      font-size: 0.9em;
    }
  `,
})
export class Field {
  readonly label = input.required<string>();
  readonly value = input<string | number | null | undefined>();
  /** Monospace, for ids, commands and paths. */
  readonly mono = input(false);

  protected readonly shown = computed(() => {
    const value = this.value();
    return value === null || value === undefined || value === '' ? null : String(value);
  });
}
