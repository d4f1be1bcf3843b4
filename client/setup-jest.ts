import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless/index.mjs';

setupZonelessTestEnv({ errorOnUnknownElements: true, errorOnUnknownProperties: true });

// Each test starts logged out; the auth store reads localStorage when created.
beforeEach(() => localStorage.clear());
