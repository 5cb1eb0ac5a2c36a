import { describe, expect, it } from 'vitest';
import { RegistrationBatcher, type BatchCall, type BatchRun } from './registration-batcher.js';

/** A database stand-in whose calls finish when the test says so. */
function controlledRunner(answer: (call: BatchCall<string>) => BatchRun<string> = (call) => ({ oneByOne: false, results: call.items.map((item) => `ok:${item}`) })) {
  const calls: Array<BatchCall<string> & { finish: () => void; fail: (error: Error) => void }> = [];
  const run = (call: BatchCall<string>) =>
    new Promise<BatchRun<string>>((resolve, reject) => {
      calls.push({ ...call, finish: () => resolve(answer(call)), fail: reject });
    });
  return { calls, run };
}

const event = (eventId = 'event-1', waitlistEnabled = false) => ({ orgId: 'org', eventId, waitlistEnabled });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RegistrationBatcher', () => {
  it('sends a lone submission at once, alone', async () => {
    const { calls, run } = controlledRunner();
    const batcher = new RegistrationBatcher(run, { maxBatch: 32, maxInFlight: 2 });
    const answer = batcher.submit(event(), 'a', 10_000);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ eventId: 'event-1', seatEach: false, items: ['a'] });
    calls[0]!.finish();
    await expect(answer).resolves.toBe('ok:a');
  });

  it('groups what arrives while the calls in flight run, up to maxBatch per call', async () => {
    const { calls, run } = controlledRunner();
    const batcher = new RegistrationBatcher(run, { maxBatch: 3, maxInFlight: 1 });
    const answers = ['a', 'b', 'c', 'd', 'e', 'f'].map((item) => batcher.submit(event(), item, null));
    expect(calls.map((call) => call.items)).toEqual([['a']]);
    calls[0]!.finish();
    await tick();
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b', 'c', 'd']]);
    calls[1]!.finish();
    await tick();
    expect(calls.map((call) => call.items)).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    calls[2]!.finish();
    await expect(Promise.all(answers)).resolves.toEqual(['ok:a', 'ok:b', 'ok:c', 'ok:d', 'ok:e', 'ok:f']);
  });

  it('keeps each event (and waiting-list setting) in its own queue', async () => {
    const { calls, run } = controlledRunner();
    const batcher = new RegistrationBatcher(run, { maxBatch: 32, maxInFlight: 1 });
    void batcher.submit(event('one'), 'a', null);
    void batcher.submit(event('two'), 'b', null);
    void batcher.submit(event('one', true), 'c', null);
    expect(calls.map((call) => [call.eventId, call.waitlistEnabled, call.items])).toEqual([
      ['one', false, ['a']],
      ['two', false, ['b']],
      ['one', true, ['c']],
    ]);
  });

  it('sends the people again one by one, each taking their own seat, when the batch could not go through whole', async () => {
    const { calls, run } = controlledRunner((call) =>
      call.items.length > 1 ? { oneByOne: true } : { oneByOne: false, results: call.items.map((item) => `${call.seatEach ? 'alone' : 'ok'}:${item}`) },
    );
    const batcher = new RegistrationBatcher(run, { maxBatch: 32, maxInFlight: 1 });
    const lone = batcher.submit(event(), 'a', 10_000);
    const grouped = ['b', 'c'].map((item) => batcher.submit(event(), item, 10_000));
    calls[0]!.finish();
    await tick();
    expect(calls.map((call) => [call.seatEach, call.items])).toEqual([[false, ['a']], [false, ['b', 'c']]]);
    calls[1]!.finish();
    await tick();
    expect(calls.slice(2).map((call) => [call.seatEach, call.items])).toEqual([[true, ['b']], [true, ['c']]]);
    calls[2]!.finish();
    calls[3]!.finish();
    await expect(lone).resolves.toBe('ok:a');
    await expect(Promise.all(grouped)).resolves.toEqual(['alone:b', 'alone:c']);
  });

  it('near the last seats, sends people one by one straight away', async () => {
    const { calls, run } = controlledRunner();
    const batcher = new RegistrationBatcher(run, { maxBatch: 32, maxInFlight: 1 });
    void batcher.submit(event(), 'a', 5);
    void batcher.submit(event(), 'b', 5);
    void batcher.submit(event(), 'c', 5);
    expect(calls.map((call) => [call.seatEach, call.items])).toEqual([[true, ['a']]]);
    calls[0]!.finish();
    await tick();
    expect(calls.slice(1).map((call) => [call.seatEach, call.items])).toEqual([[true, ['b']], [true, ['c']]]);
  });

  it('fails only the people of a failed call; the next call goes on', async () => {
    const { calls, run } = controlledRunner();
    const batcher = new RegistrationBatcher(run, { maxBatch: 32, maxInFlight: 1 });
    const first = batcher.submit(event(), 'a', null);
    const second = batcher.submit(event(), 'b', null);
    calls[0]!.fail(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await tick();
    calls[1]!.finish();
    await expect(second).resolves.toBe('ok:b');
  });

  it('refuses an answer that does not account for every person', async () => {
    const { calls, run } = controlledRunner(() => ({ oneByOne: false, results: [] }));
    const batcher = new RegistrationBatcher(run, { maxBatch: 32, maxInFlight: 1 });
    const answer = batcher.submit(event(), 'a', null);
    calls[0]!.finish();
    await expect(answer).rejects.toThrow('0 results for 1 people');
  });
});
