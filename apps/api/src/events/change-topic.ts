import type { ChangeFeed, ChangeFeedOptions, FeedPosition } from '@morphsweep/db';

/** The kinds of change the event stream carries; each is one SSE event type. */
export const CHANGE_TOPICS = ['run', 'retraining'] as const;

/** One kind of change: `run` or `retraining`. */
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** A changed row as the feed returns it: enough to route it (sweep) and place it (position). */
export interface Change extends FeedPosition {
  sweepId: string;
}

/** A cursor per topic: where a stream (or a client) stands. */
export type TopicPositions = Record<ChangeTopic, FeedPosition>;

/** Reads one topic's rows strictly after a position (see `ChangeFeed`). */
export function readerOf(
  feed: ChangeFeed,
  topic: ChangeTopic,
): (after: FeedPosition, options: ChangeFeedOptions) => Promise<Change[]> {
  return topic === 'run'
    ? (after, options) => feed.runsChangedAfter(after, options)
    : (after, options) => feed.retrainingsChangedAfter(after, options);
}

/** Whether `a` comes after `b` in the feed's `(updatedAt, id)` order. */
export function isAfter(a: FeedPosition, b: FeedPosition): boolean {
  const dt = a.updatedAt.getTime() - b.updatedAt.getTime();
  return dt > 0 || (dt === 0 && a.id > b.id);
}
