import { describe, expect, it } from '@jest/globals';
import { setTimeout as delay } from 'node:timers/promises';

import { StreamQueue } from './stream-queue.js';

describe('StreamQueue', () => {
  it('runs the tasks of one stream one at a time, in arrival order, past failures', async () => {
    const queue = new StreamQueue();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await delay(5);
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };

    const results = await Promise.allSettled([
      queue.run('s', task('a')),
      queue.run('s', task('b', true)),
      queue.run('s', task('c')),
    ]);

    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('runs different streams side by side', async () => {
    const queue = new StreamQueue();
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await delay(5);
      running -= 1;
    };

    await Promise.all([queue.run('a', task), queue.run('b', task), queue.run('c', task)]);

    expect(most).toBe(3);
  });
});
