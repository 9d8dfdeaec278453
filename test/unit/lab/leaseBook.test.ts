import { describe, expect, it } from 'vitest';
import { LeaseBook } from '../../../electron/core/lab/leaseBook.js';

const ana = { key: 'person:1', name: 'Ana' };
const ben = { key: 'person:2', name: 'Ben' };

function book(ttlMs = 1000) {
  const clock = { now: 0 };
  return { clock, leases: new LeaseBook(ttlMs, () => clock.now) };
}

describe('LeaseBook', () => {
  it('hands an image to one person at a time and names who holds it', () => {
    const { leases } = book();
    expect(leases.take('k', ana)).toEqual({ taken: true, lease: { holder: ana, expiresAt: 1000 } });
    expect(leases.take('k', ben)).toEqual({ taken: false, heldBy: { holder: ana, expiresAt: 1000 } });
    expect(leases.heldByOther('k', ben)).toBe(true);
    expect(leases.heldByOther('k', ana)).toBe(false);
  });

  it('lets another take over once the lease has lapsed, and not a moment before', () => {
    const { clock, leases } = book();
    leases.take('k', ana);
    clock.now = 999;
    expect(leases.take('k', ben).taken).toBe(false);
    clock.now = 1000;
    expect(leases.take('k', ben)).toEqual({ taken: true, lease: { holder: ben, expiresAt: 2000 } });
    expect(leases.holderOf('k')?.holder).toEqual(ben);
  });

  it('renews the holder’s lease when they take it again', () => {
    const { clock, leases } = book();
    leases.take('k', ana);
    clock.now = 900;
    expect(leases.take('k', ana)).toEqual({ taken: true, lease: { holder: ana, expiresAt: 1900 } });
    clock.now = 1500;
    expect(leases.take('k', ben).taken).toBe(false);
  });

  it('releases only the holder’s own lease', () => {
    const { leases } = book();
    leases.take('k', ana);
    leases.release('k', ben);
    expect(leases.holderOf('k')?.holder).toEqual(ana);
    leases.release('k', ana);
    expect(leases.holderOf('k')).toBeNull();
  });

  it('releases all of a holder’s leases under a prefix and leaves the rest', () => {
    const { leases } = book();
    leases.take('rating:1:1', ana);
    leases.take('rating:1:2', ana);
    leases.take('rating:2:1', ana);
    leases.take('rating:1:3', ben);
    leases.releaseAll(ana, 'rating:1:');
    expect(leases.holderOf('rating:1:1')).toBeNull();
    expect(leases.holderOf('rating:1:2')).toBeNull();
    expect(leases.holderOf('rating:2:1')?.holder).toEqual(ana);
    expect(leases.holderOf('rating:1:3')?.holder).toEqual(ben);
  });

  it('forgets lapsed leases as new ones are taken, so memory follows the live ones', () => {
    const { clock, leases } = book();
    for (let i = 0; i < 50; i++) leases.take(`k${i}`, ana);
    clock.now = 5000;
    leases.take('fresh', ben);
    expect(leases.size).toBe(1);
  });
});
