/// <reference path="./cluster-key-slot.d.ts" />
// The hash slot of a key (CRC16 of the key, or of its {hash tag}, mod 16384), by cluster-key-slot:
// the implementation ioredis and node-redis use, so we agree with them to the bit.
import calculateSlot from 'cluster-key-slot';

export const keySlot = (key: string): number => calculateSlot(key);
