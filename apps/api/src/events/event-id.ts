import { MIN_FEED_ID, type FeedPosition } from '@morphsweep/db';
import type { TopicPositions } from './change-topic';

const POSITION = /^(\d{1,15})~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/**
 * The SSE `id:` of an event: the client's position in both topics after it,
 * `<run ms>~<run id>.<retraining ms>~<retraining id>`. Both, because a client that reconnects
 * sends only the last id it saw and must resume runs and retraining alike.
 */
export function encodeEventId(positions: TopicPositions): string {
  return `${encodePosition(positions.run)}.${encodePosition(positions.retraining)}`;
}

/**
 * Parses a `Last-Event-ID` made by {@link encodeEventId}; `undefined` for anything else (a
 * stream from an older API, a hand-written header), which then starts afresh rather than
 * failing a reconnect that EventSource would retry forever.
 */
export function decodeEventId(value: string | undefined): TopicPositions | undefined {
  const parts = value?.trim().split('.');
  if (parts?.length !== 2) return undefined;
  const run = decodePosition(parts[0]!);
  const retraining = decodePosition(parts[1]!);
  return run && retraining ? { run, retraining } : undefined;
}

/** The position just before every row changed at or after `at`. */
export function positionAt(at: Date): FeedPosition {
  return { updatedAt: at, id: MIN_FEED_ID };
}

function encodePosition(p: FeedPosition): string {
  return `${p.updatedAt.getTime()}~${p.id}`;
}

function decodePosition(text: string): FeedPosition | undefined {
  const match = POSITION.exec(text);
  return match ? { updatedAt: new Date(Number(match[1])), id: match[2]! } : undefined;
}
