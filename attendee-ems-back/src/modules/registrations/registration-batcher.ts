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
  /**
   * One person whose seat is taken at the end of their own registration (the last seats of an
   * event, or a batch that could not go through whole); otherwise seats for the whole batch at once.
   */
  seatEach: boolean;
  items: Item[];
}

/**
 * What the database answered for a batch: one result per item, or "send them one by one" (not
 * enough seats left for all of them, or the batch lost a deadlock to another writer: nothing of it
 * was written).
 */
export type BatchRun<Result> = { oneByOne: true } | { oneByOne: false; results: Result[] };

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
    // Seats for everyone in flight at once, with room to spare; otherwise one by one.
    const margin = 2 * this.options.maxBatch * this.options.maxInFlight;
    const nearlyFull = batch.some((entry) => entry.remainingSeats !== null && entry.remainingSeats < margin);
    try {
      const answer: BatchRun<Result> = nearlyFull && batch.length > 1 ? { oneByOne: true } : await this.run({ ...target, seatEach: nearlyFull, items: batch.map((entry) => entry.item) });
      if (!answer.oneByOne) {
        if (answer.results.length !== batch.length) throw new Error(`register_public_batch answered ${answer.results.length} results for ${batch.length} people`);
        answer.results.forEach((result, index) => batch[index]!.resolve(result));
        return;
      }
      await Promise.all(batch.map((entry) => this.sendAlone(target, entry)));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }

  private async sendAlone(target: { orgId: string; eventId: string; waitlistEnabled: boolean }, entry: Pending<Item, Result>) {
    try {
      const answer = await this.run({ ...target, seatEach: true, items: [entry.item] });
      if (answer.oneByOne || answer.results.length !== 1) throw new Error('register_public_batch could not register one person on their own');
      entry.resolve(answer.results[0]!);
    } catch (error) {
      entry.reject(error);
    }
  }
}
