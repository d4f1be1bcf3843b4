import { jest } from '@jest/globals';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { autoRefresh, clock } from './auto-refresh';

let calls = 0;

@Component({ selector: 'an-refreshing', template: '{{ now() }}' })
class Refreshing {
  protected readonly now = clock(1000);
  constructor() {
    autoRefresh(() => calls++, 10_000);
  }
}

describe('autoRefresh', () => {
  let visibility: DocumentVisibilityState;

  beforeEach(() => {
    jest.useFakeTimers();
    calls = 0;
    visibility = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
  });

  afterEach(() => {
    jest.useRealTimers();
    delete (document as { visibilityState?: unknown }).visibilityState;
  });

  function hide(hidden: boolean): void {
    visibility = hidden ? 'hidden' : 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
  }

  it('refreshes every period while the tab is visible', () => {
    TestBed.createComponent(Refreshing);
    jest.advanceTimersByTime(9_999);
    expect(calls).toBe(0);
    jest.advanceTimersByTime(1);
    expect(calls).toBe(1);
    jest.advanceTimersByTime(20_000);
    expect(calls).toBe(3);
  });

  it('pauses while the tab is hidden and catches up at once when it comes back', () => {
    TestBed.createComponent(Refreshing);
    hide(true);
    jest.advanceTimersByTime(60_000);
    expect(calls).toBe(0);
    hide(false);
    expect(calls).toBe(1);
  });

  it('does not refresh twice when the tab was hidden only briefly', () => {
    TestBed.createComponent(Refreshing);
    jest.advanceTimersByTime(10_000);
    expect(calls).toBe(1);
    hide(true);
    jest.advanceTimersByTime(3_000);
    hide(false);
    expect(calls).toBe(1);
  });

  it('stops with its component', () => {
    const fixture = TestBed.createComponent(Refreshing);
    fixture.destroy();
    jest.advanceTimersByTime(60_000);
    hide(true);
    hide(false);
    expect(calls).toBe(0);
  });
});
