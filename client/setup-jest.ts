// Material's partially compiled classes need the JIT compiler loaded before they are.
import '@angular/compiler';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless/index.mjs';

setupZonelessTestEnv({
  errorOnUnknownElements: true,
  errorOnUnknownProperties: true,
  // jsdom fires no animation/transition events; without this, dialogs and
  // menus would only finish closing on Material's fallback timers.
  extraProviders: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
});

// Each test starts logged out; the auth store reads localStorage when created.
beforeEach(() => localStorage.clear());

// jsdom has no layout, so the CDK focus trap finds every element "not
// focusable" and warns whenever a dialog opens. That says nothing about the
// code under test, so only that one message is dropped.
const warn = console.warn.bind(console);
console.warn = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('is not focusable')) return;
  warn(...args);
};
