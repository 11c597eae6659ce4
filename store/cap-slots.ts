import type { Connection } from 'mongoose';
import type { CapName } from '../models/caps';
import { insertIfAbsent, storedModel } from './stored-model';

// The caps per tenant (models/caps.ts), counted race-safely: each item a tenant holds takes one
// of the cap's slots, `<cap>:<tenant>:<n>` for n from 0 to the limit − 1, by an insert that
// fails on a taken key, and gives it back by deleting it. Two creations at once never share a
// slot, on MongoDB and FerretDB alike (whose $inc and conditional updates are not atomic under
// concurrency), so however many run in parallel no more than the limit pass.

interface CapSlot {
  /** The item that holds it: a subscription's or placement's id, a mandate's key. */
  holder: string;
}

const capSlotModel = (connection: Connection) => storedModel<CapSlot>(connection, 'cap_slots');

const slotId = (cap: CapName, tenant: string, n: number) => `${cap}:${tenant}:${n}`;

export function capSlots(connection: Connection) {
  const slots = capSlotModel(connection);

  /**
   * Takes a free slot of the tenant's `limit` for `holder`, trying from `held` (the items the
   * tenant is known to hold, below which the slots are most likely taken) round to 0; undefined
   * when every one is taken.
   */
  async function take(cap: CapName, tenant: string, limit: number, holder: string, held: number): Promise<number | undefined> {
    for (let tried = 0; tried < limit; tried++) {
      const n = (held + tried) % limit;
      if (await insertIfAbsent(slots, { _id: slotId(cap, tenant, n), holder })) return n;
    }
    return undefined;
  }

  /** Gives the slot back, if `holder` still holds it (freeing twice is harmless). */
  async function free(cap: CapName, tenant: string, n: number, holder: string): Promise<void> {
    await slots.deleteOne({ _id: slotId(cap, tenant, n), holder });
  }

  /** The slot `holder` holds of the tenant's cap, if any: a retried take finds what it took. */
  async function heldBy(cap: CapName, tenant: string, holder: string): Promise<number | undefined> {
    const prefix = `${cap}:${tenant}:`;
    const held = await slots.findOne({ _id: { $gte: prefix, $lt: `${prefix}\uffff` }, holder }).lean();
    return held ? Number(held._id.slice(prefix.length)) : undefined;
  }

  return { take, free, heldBy };
}

export type CapSlots = ReturnType<typeof capSlots>;
