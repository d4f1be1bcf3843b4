import { Component, computed, input } from '@angular/core';

/**
 * Small stroke icons drawn here, so the console fetches no icon font (it must
 * work offline). Decorative: the button around an icon carries the aria-label.
 */
const PATHS = {
  close: 'M6 6l12 12M18 6L6 18',
  refresh: 'M20 12a8 8 0 1 1-2.3-5.6M20 4v5h-5',
  more: 'M12 5h.01M12 12h.01M12 19h.01',
  copy: 'M9 9h10v11H9zM5 15V4h10',
  terminal: 'M4 5h16v14H4zM7 9l3 3-3 3M12 15h5',
} as const;

export type IconName = keyof typeof PATHS;

@Component({
  selector: 'an-icon',
  template: `<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path [attr.d]="path()" /></svg>`,
  styles: `
    :host {
      display: inline-flex;
      width: 20px;
      height: 20px;
    }
    svg {
      width: 100%;
      height: 100%;
      fill: none;
      stroke: currentColor;
      stroke-width: 2;
      stroke-linecap: round;
      stroke-linejoin: round;
    }
  `,
})
export class Icon {
  readonly name = input.required<IconName>();
  protected readonly path = computed(() => PATHS[this.name()]);
}
