import { DOCUMENT } from '@angular/common';
import { DestroyRef, Signal, inject, signal } from '@angular/core';

/**
 * Calls `refresh` every `periodMs` while the browser tab is visible, and once
 * at once when the tab comes back after at least a period away: a hidden tab
 * costs the server nothing, a returning user never looks at old data.
 * Call it in an injection context (a constructor); it stops with the component.
 */
export function autoRefresh(refresh: () => void, periodMs: number): void {
  const document = inject(DOCUMENT);
  let last = Date.now();
  const run = () => {
    last = Date.now();
    refresh();
  };
  const timer = setInterval(() => {
    if (document.visibilityState !== 'hidden') run();
  }, periodMs);
  const onVisibility = () => {
    if (document.visibilityState === 'visible' && Date.now() - last >= periodMs) run();
  };
  document.addEventListener('visibilitychange', onVisibility);
  inject(DestroyRef).onDestroy(() => {
    clearInterval(timer);
    document.removeEventListener('visibilitychange', onVisibility);
  });
}

/** The current time, ticking every `periodMs` (for "12 s ago" labels); paused while the tab is hidden. */
export function clock(periodMs = 1000): Signal<number> {
  const now = signal(Date.now());
  const document = inject(DOCUMENT);
  const timer = setInterval(() => {
    if (document.visibilityState !== 'hidden') now.set(Date.now());
  }, periodMs);
  inject(DestroyRef).onDestroy(() => clearInterval(timer));
  return now.asReadonly();
}
