import { Injectable, inject } from '@angular/core';
import { MatSnackBar } from '@angular/material/snack-bar';

import { apiErrorMessage } from '../core/api-error';

/** Short messages at the bottom of the screen after an action. */
@Injectable({ providedIn: 'root' })
export class Notifier {
  private readonly snackBar = inject(MatSnackBar);

  success(message: string): void {
    this.snackBar.open(message, undefined, { duration: 4000 });
  }

  /** Shows the server's own message (e.g. why it refused), which stays until dismissed. */
  error(error: unknown): void {
    this.snackBar.open(apiErrorMessage(error), 'Dismiss', { panelClass: 'an-snack-error' });
  }
}
