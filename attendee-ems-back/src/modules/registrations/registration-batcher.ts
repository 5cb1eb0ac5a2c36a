/**
 * Groups the public registrations of one event that arrive while earlier calls are running, so a
 * rush becomes a few database calls of up to `maxBatch` people each (one transaction, one commit,
 * one update of the seat counters) instead of one call per person queueing on the event's counter
 * row. A quiet form is unaffected: with nothing in flight a submission is sent at once, alone.
 *
 * Plain class (no Nest): the registration-rush benchmark's raw SQL baseline reuses it.
 */
export interface BatchCall<Item> {
  orgId: string;
  eventId: string;
  waitlistEnabled: boolean;
  /** Lock the seat counters first and seat people one by one: for the last seats of an event. */
  lockFirst: boolean;
  items: Item[];
}

/** What the database answered for a batch: one result per item, or "not enough seats left for all of them". */
export type BatchRun<Result> = { needsLock: true } | { needsLock: false; results: Result[] };

export interface BatcherOptions {
  maxBatch: number;
  /** Calls in flight per event in this process (each holds a pooled connection). */
  maxInFlight: number;
}

interface Pending<Item, Result> {
  item: Item;
  remainingSeats: number | null;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

interface EventQueue<Item, Result> {
  pending: Array<Pending<Item, Result>>;
  inFlight: number;
}

export class RegistrationBatcher<Item, Result> {
  private readonly queues = new Map<string, EventQueue<Item, Result>>();

  constructor(
    private readonly run: (call: BatchCall<Item>) => Promise<BatchRun<Result>>,
    private readonly options: BatcherOptions = { maxBatch: 32, maxInFlight: 4 },
  ) {}

  /**
   * Registers one person. `remainingSeats` is what the caller last read (event or attendee type,
   * whichever is smaller; null when unlimited): near the end the batch locks the counters first
   * rather than failing its optimistic attempt.
   */
  submit(target: { orgId: string; eventId: string; waitlistEnabled: boolean }, item: Item, remainingSeats: number | null): Promise<Result> {
    const key = `${target.eventId}:${target.waitlistEnabled}`;
    let queue = this.queues.get(key);
    if (!queue) {
      queue = { pending: [], inFlight: 0 };
      this.queues.set(key, queue);
    }
    const promise = new Promise<Result>((resolve, reject) => queue.pending.push({ item, remainingSeats, resolve, reject }));
    this.dispatch(key, queue, target);
    return promise;
  }

  private dispatch(key: string, queue: EventQueue<Item, Result>, target: { orgId: string; eventId: string; waitlistEnabled: boolean }) {
    while (queue.inFlight < this.options.maxInFlight && queue.pending.length > 0) {
      const batch = queue.pending.splice(0, this.options.maxBatch);
      queue.inFlight += 1;
      void this.send(target, batch).finally(() => {
        queue.inFlight -= 1;
        if (queue.pending.length > 0) this.dispatch(key, queue, target);
        else if (queue.inFlight === 0) this.queues.delete(key);
      });
    }
  }

  private async send(target: { orgId: string; eventId: string; waitlistEnabled: boolean }, batch: Array<Pending<Item, Result>>) {
    // Seats for everyone in flight at once, with room to spare: otherwise lock first.
    const margin = 2 * this.options.maxBatch * this.options.maxInFlight;
    const nearlyFull = batch.some((entry) => entry.remainingSeats !== null && entry.remainingSeats < margin);
    const items = batch.map((entry) => entry.item);
    try {
      let answer = await this.run({ ...target, lockFirst: nearlyFull, items });
      if (answer.needsLock) answer = await this.run({ ...target, lockFirst: true, items });
      if (answer.needsLock) throw new Error('register_public_batch asked for a lock it already had');
      if (answer.results.length !== batch.length) throw new Error(`register_public_batch answered ${answer.results.length} results for ${batch.length} people`);
      answer.results.forEach((result, index) => batch[index]!.resolve(result));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
