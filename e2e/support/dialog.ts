import { Locator, Page } from 'playwright-core';

/**
 * The open Material dialog once its opening animation has finished, which is when a person
 * can act on it. Acting earlier raced the animation: in a few clean CI runs a dialog's submit
 * click left no request at all while every field was filled.
 */
export async function openedDialog(page: Page): Promise<Locator> {
  await page.locator('mat-dialog-container.mdc-dialog--open:not(.mdc-dialog--opening)').waitFor();
  return page.getByRole('dialog');
}
