// Subscription phases a tracker keeps per market (venues may add their own after LIVE).

/** Not subscribed: frames for it are dropped. */
export const IDLE = 0;
/** Subscribed, waiting for a snapshot: deltas are dropped. */
export const AWAITING = 1;
/** Snapshot seen and every delta since continuous. */
export const LIVE = 2;
