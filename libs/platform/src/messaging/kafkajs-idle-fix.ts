// kafkajs 2.2.4 keeps a 1 ms timer loop running on every broker connection that has nothing
// to send: RequestQueue.scheduleCheckPendingRequests schedules a check at `throttledUntil - now`,
// a negative delay when nothing is throttled, even with no request pending, and the check
// schedules the next one (tulios/kafkajs#1556, #1704; the fix, #1667, was never released).
// Idle, that was about 700 timers a second per process, the largest part of an idle service's
// CPU (docs/benchmarks.md, "Idle"). This is the upstream fix: with nothing pending and no
// throttle to wait out there is nothing to check; a request pushed later schedules its own check,
// and an answer checks the queue anyway.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RequestQueue = require('kafkajs/src/network/requestQueue') as {
  prototype: {
    scheduleCheckPendingRequests(this: Queue): void;
  };
};

interface Queue {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  checkPendingRequests(): void;
}

const CHECK_PENDING_REQUESTS_INTERVAL = 10; // as in kafkajs

if (typeof RequestQueue?.prototype?.scheduleCheckPendingRequests === 'function') {
  RequestQueue.prototype.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: Queue) {
    if (this.throttleCheckTimeoutId) return;
    let scheduleAt = this.throttledUntil - Date.now();
    if (this.pending.length > 0) scheduleAt = scheduleAt > 0 ? scheduleAt : CHECK_PENDING_REQUESTS_INTERVAL;
    else if (scheduleAt <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, scheduleAt);
  };
}

export {};
