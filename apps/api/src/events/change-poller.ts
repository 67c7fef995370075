import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ChangeFeed, type FeedPosition } from '@morphsweep/db';
import { CHANGE_TOPICS, isAfter, readerOf, type Change, type ChangeTopic } from './change-topic';
import { positionAt } from './event-id';

/** How often the shared poller reads the feed. */
export const POLL_MS = 1_000;

/**
 * How far behind its cursor the poller re-reads, for late commits. A writer stamps
 * `updatedAt` (Prisma's `@updatedAt`, on the writer's clock) before its transaction commits,
 * so a row can become visible after the cursor moved past its timestamp. Any row committed
 * within LATE_COMMIT_MS of its stamp (commit latency plus clock skew between the worker and
 * API hosts) is seen by the first poll after its commit, which is at most one poll later:
 * hence the window is LATE_COMMIT_MS + a poll interval (and a poll's own duration).
 *
 * Why a window rather than a sequence column: a Postgres sequence (or a trigger-set
 * `changeSeq`) is also drawn before commit, so it has the same late-commit gap and would need
 * the same re-read (or snapshot-xmin bookkeeping) on top of a migration touching every
 * writer; the window needs nothing from writers. Rows re-read are de-duplicated below.
 */
export const OVERLAP_MS = 5_000 + 2 * POLL_MS;

// Pages of PAGE rows read per phase per poll; a larger backlog continues at the next poll
// (the forward cursor always advances, so a backlog drains).
const PAGE = 500;
const MAX_PAGES = 20;

/** A change as the poller hands it to its listeners. */
export interface PolledChange {
  topic: ChangeTopic;
  change: Change;
}

/** One topic's cursor, window floor and what was already sent (for the overlap re-read). */
interface TopicState {
  read: ReturnType<typeof readerOf>;
  cursor: FeedPosition;
  /** Nothing before this is re-read: the poller started here, no listener wants older rows. */
  floor: number;
  /** Row id → JSON of the version last emitted, for rows inside the re-read window. */
  sent: Map<string, { json: string; at: number }>;
}

/**
 * One poll loop per API process over the change feed, fanning every change out to all
 * subscribed streams (which filter by sweep), instead of a loop per SSE client. It runs only
 * while someone listens. Each change is emitted once per version: the forward read pages by
 * the `(updatedAt, id)` keyset, the overlap re-read catches late commits, and a row equal to
 * the version already emitted is dropped.
 */
@Injectable()
export class ChangePoller implements OnModuleDestroy {
  private readonly listeners = new Set<(change: PolledChange) => void>();
  private topics: Record<ChangeTopic, TopicState> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(private readonly feed: ChangeFeed) {}

  /** Streams listening now (the client cap counts these). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /**
   * Calls `listener` with every change read from now on; returns the unsubscribe function.
   * The first listener starts the loop (its cursors at the current time), the last one to
   * leave stops it.
   */
  subscribe(listener: (change: PolledChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  onModuleDestroy(): void {
    this.listeners.clear();
    this.stop();
  }

  private start(): void {
    const now = Date.now();
    const state = (topic: ChangeTopic): TopicState => ({
      read: readerOf(this.feed, topic),
      cursor: positionAt(new Date(now)),
      floor: now,
      sent: new Map(),
    });
    this.topics = { run: state('run'), retraining: state('retraining') };
    this.timer = setInterval(() => void this.poll(), POLL_MS);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.topics = undefined;
  }

  /** One round over both topics; a failed read is retried at the next tick. */
  private async poll(): Promise<void> {
    const topics = this.topics;
    if (this.busy || !topics) return;
    this.busy = true;
    try {
      for (const topic of CHANGE_TOPICS) await this.pollTopic(topic, topics[topic]);
    } catch {
      // The database is away or slow: the cursors stand, the next tick reads from them.
    } finally {
      this.busy = false;
    }
  }

  private async pollTopic(topic: ChangeTopic, state: TopicState): Promise<void> {
    const windowStart = Math.max(state.floor, Date.now() - OVERLAP_MS);
    // Overlap: rows at or behind the cursor but inside the window, which a late commit may
    // have added since they were read. Skipped once the cursor is older than the window.
    if (windowStart <= state.cursor.updatedAt.getTime()) {
      await this.readPages(topic, state, positionAt(new Date(windowStart)), state.cursor);
    }
    const last = await this.readPages(topic, state, state.cursor, undefined);
    if (last) state.cursor = last;
    for (const [id, entry] of state.sent) if (entry.at < windowStart) state.sent.delete(id);
  }

  /** Reads pages after `from` (through `through`), emits new versions; the last row read. */
  private async readPages(
    topic: ChangeTopic,
    state: TopicState,
    from: FeedPosition,
    through: FeedPosition | undefined,
  ): Promise<FeedPosition | undefined> {
    let position = from;
    let last: FeedPosition | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await state.read(position, { limit: PAGE, ...(through ? { through } : {}) });
      for (const change of rows) this.emitOnce(topic, state, change);
      if (rows.length === 0) break;
      position = last = rows.at(-1)!;
      if (rows.length < PAGE) break;
    }
    return last && isAfter(last, from) ? last : undefined;
  }

  private emitOnce(topic: ChangeTopic, state: TopicState, change: Change): void {
    const json = JSON.stringify(change);
    if (state.sent.get(change.id)?.json === json) return;
    state.sent.set(change.id, { json, at: change.updatedAt.getTime() });
    for (const listener of this.listeners) listener({ topic, change });
  }
}
